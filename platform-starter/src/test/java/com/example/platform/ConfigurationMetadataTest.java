package com.example.platform;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's team reads the starter's settings where their IDE completes them: every key
 * the starter binds is in its configuration metadata, with what it is for.
 */
class ConfigurationMetadataTest {

    @Test
    void everySettingIsDescribed() throws Exception {
        JsonNode metadata;
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).as("the configuration processor's output").isNotNull();
            metadata = JsonMapper.builder().build().readTree(json);
        }
        List<JsonNode> properties = metadata.get("properties").valueStream().toList();

        assertThat(properties).extracting(property -> property.get("name").asString())
            .contains("web.max-concurrent-requests", "web.database-retry-after", "web.max-request-body",
                    "admin.username", "admin.password", "security.oauth2.scopes.api", "security.oauth2.scopes.admin",
                    "cloudwatch.metrics.enabled", "cloudwatch.metrics.namespace", "cloudwatch.metrics.step",
                    "cloudwatch.metrics.meter-name-prefixes", "observability.broker-health.cache-for",
                    "observability.broker-health.timeout");
        assertThat(properties).allSatisfy(
                property -> assertThat(property.path("description").asString()).as(property.get("name").asString())
                    .isNotBlank());
    }

}

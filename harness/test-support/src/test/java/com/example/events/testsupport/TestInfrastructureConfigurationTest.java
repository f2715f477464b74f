package com.example.events.testsupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test context that imports the harness gets, checked without starting a broker or
 * a database: the harness's keys, none of them resolved yet, and a key the test sets
 * inline stays the test's.
 */
@SpringJUnitConfig(TestInfrastructureConfiguration.class)
@TestPropertySource(properties = "spring.datasource.url=jdbc:postgresql://inline.example/own")
class TestInfrastructureConfigurationTest {

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void aPropertyTheTestSetsInlineWinsOverTheHarness() {
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://inline.example/own");
    }

    @Test
    void theHarnessSuppliesTheBrokerAndTheDatabaseCredentials() {
        var harness = (EnumerablePropertySource<?>) environment.getPropertySources().get("Dynamic Test Properties");
        assertThat(harness.getPropertyNames()).containsExactlyInAnyOrder("spring.cloud.aws.endpoint",
                "spring.cloud.aws.region.static", "spring.cloud.aws.credentials.access-key",
                "spring.cloud.aws.credentials.secret-key", "spring.datasource.username", "spring.datasource.password");
    }

}

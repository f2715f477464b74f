package com.example.platform.openapi;

import com.example.events.testsupport.ApiDocs;
import com.example.platform.PlatformTestApplication;
import com.example.platform.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's /v3/api-docs holds the platform's problem answers beside its own, and each
 * documented problem is the one the service really gives.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemDocsIT {

    @LocalServerPort
    int port;

    TestClient client;

    ApiDocs docs;

    @BeforeEach
    void readDocs() {
        client = new TestClient(port);
        var answer = client.get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        docs = new ApiDocs(answer.json());
    }

    @Test
    void thePlatformsProblemsAndTheAdminSchemeAreInTheComponents() {
        JsonNode components = docs.root().path("components");
        assertThat(components.path("schemas").path("Problem").path("properties").propertyNames()).contains("type",
                "title", "status", "detail", "instance", "errors");
        assertThat(components.path("securitySchemes").path("admin").path("scheme").asString()).isEqualTo("basic");
        assertThat(docs.problemTypes(docs.operation("/admin/things", "get"), "401"))
            .containsExactly("/problems/unauthorized");
        assertThat(docs.problemTypes(docs.operation("/database/unreachable", "get"), "503"))
            .containsExactly("/problems/database-unavailable");
        assertThat(docs.problemTypes(docs.operation("/things", "post"), "400"))
            .containsExactlyInAnyOrder("/problems/validation", "/problems/malformed-request");
    }

    @Test
    void theDocumentedProblemsAreTheOnesTheServiceAnswers() {
        JsonNode create = docs.operation("/things", "post");
        docs.assertDocumented(post("{\"name\": \"\"}"), create, "400", "validation");
        docs.assertDocumented(post("{\"name\": "), create, "400", "malformed-request");
        docs.assertDocumented(client.get("/admin/things").json(), docs.operation("/admin/things", "get"), "401",
                "unauthorized");
        JsonNode unreachable = client.get("/database/unreachable").json();
        JsonNode database = docs.operation("/database/unreachable", "get");
        docs.assertDocumented(unreachable, database, "503", "database-unavailable");
        assertThat(docs
            .example(docs.response(database, "503").path("content").path("application/problem+json"),
                    "database-unavailable")
            .path("detail")).as("the configured Retry-After, as answered").isEqualTo(unreachable.path("detail"));
    }

    private JsonNode post(String json) {
        return client.call(org.springframework.http.HttpMethod.POST, "/things", json, headers -> {
        }).json();
    }

}

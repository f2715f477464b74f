package com.example.events.memberservice.web;

import java.util.UUID;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.MemberApi;
import com.example.events.testsupport.ApiDocs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /v3/api-docs shows request and response examples and every problem answer, and each
 * documented problem is the one the API really gives.
 */
@IntegrationTest
class ApiDocsIT {

    @LocalServerPort
    int port;

    MemberApi api;

    ApiDocs docs;

    @BeforeEach
    void setUp() {
        api = new MemberApi(port);
        var response = api.get("/v3/api-docs");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        docs = new ApiDocs(response.getBody());
    }

    @Test
    void everyEndpointHasItsExamplesAndProblems() {
        JsonNode register = docs.operation("/members", "post");
        assertThat(docs.requestExample(register, "register").path("email").asString()).isEqualTo("minji@example.com");
        assertThat(docs.example(docs.success(register, "201"), "member").path("id").isString()).isTrue();
        assertThat(docs.problemTypes(register, "400")).containsExactlyInAnyOrder("/problems/validation",
                "/problems/malformed-request");
        assertThat(docs.problemTypes(register, "409")).containsExactly("/problems/duplicate-email");

        JsonNode get = docs.operation("/members/{id}", "get");
        assertThat(docs.example(docs.success(get, "200"), "member").path("name").asString()).isEqualTo("Kim Minji");
        assertThat(docs.problemTypes(get, "404")).containsExactly("/problems/member-not-found");
        assertThat(docs.example(docs.success(docs.operation("/members", "get"), "200"), "page")
            .path("page")
            .path("size")
            .asInt()).isEqualTo(20);
        assertThat(docs.problemTypes(docs.operation("/members/{id}", "delete"), "404"))
            .containsExactly("/problems/member-not-found");

        JsonNode status = docs.operation("/admin/outbox", "get");
        assertThat(status.path("security").get(0).has("admin")).isTrue();
        assertThat(docs.problemTypes(status, "401")).containsExactly("/problems/unauthorized");
        assertThat(docs.example(docs.success(status, "200"), "example").has("oldestPendingAgeSeconds")).isTrue();

        JsonNode replay = docs.operation("/admin/events/replay", "post");
        assertThat(docs.requestExample(replay, "one subscriber").path("subscriber").asString())
            .isEqualTo("reservation");
        assertThat(docs.example(docs.success(replay, "202"), "example").path("replayed").isInt()).isTrue();
        assertThat(docs.problemTypes(replay, "400")).contains("/problems/validation");
        assertThat(docs.problemTypes(replay, "401")).containsExactly("/problems/unauthorized");
        assertThat(docs.requestExample(replay, "one subscriber, by time").has("fromOccurredAt")).isTrue();

        JsonNode events = docs.operation("/admin/events", "get");
        assertThat(events.path("security").get(0).has("admin")).isTrue();
        assertThat(docs.example(docs.success(events, "200"), "example").get(0).has("traceId")).isTrue();
        assertThat(docs.problemTypes(events, "400")).contains("/problems/validation");
        assertThat(docs.problemTypes(events, "401")).containsExactly("/problems/unauthorized");
        assertThat(docs.root().path("components").path("securitySchemes").path("admin").path("scheme").asString())
            .isEqualTo("basic");
    }

    @Test
    void theSnapshotEndpointsHaveTheirExamplesAndProblems() {
        JsonNode replay = docs.operation("/admin/events/replay", "post");
        assertThat(docs.requestExample(replay, "members, to one subscriber").path("memberIds").isArray()).isTrue();

        JsonNode start = docs.operation("/admin/events/backfill", "post");
        assertThat(start.path("security").get(0).has("admin")).isTrue();
        assertThat(docs.requestExample(start, "chunk size").path("chunkSize").asInt()).isEqualTo(1000);
        assertThat(docs.example(docs.success(start, "202"), "example").path("state").asString()).isEqualTo("RUNNING");
        assertThat(docs.problemTypes(start, "400")).contains("/problems/validation");
        assertThat(docs.problemTypes(start, "409")).containsExactly("/problems/backfill-running");
        assertThat(docs.problemTypes(start, "401")).containsExactly("/problems/unauthorized");

        JsonNode status = docs.operation("/admin/events/backfill", "get");
        assertThat(status.path("security").get(0).has("admin")).isTrue();
        assertThat(docs.example(docs.success(status, "200"), "example").has("finishedAt")).isTrue();
        assertThat(docs.problemTypes(status, "401")).containsExactly("/problems/unauthorized");
    }

    @Test
    void theDocumentedProblemsAreTheOnesTheApiAnswers() {
        docs.assertDocumented(api.get("/members/" + UUID.randomUUID()).getBody(),
                docs.operation("/members/{id}", "get"), "404", "member-not-found");
        JsonNode register = docs.operation("/members", "post");
        docs.assertDocumented(api.register("No Email", "not an email").getBody(), register, "400", "validation");
        docs.assertDocumented(api.postRaw("/members", "{\"name\": ").getBody(), register, "400", "malformed-request");
        docs.assertDocumented(api.get("/admin/outbox").getBody(), docs.operation("/admin/outbox", "get"), "401",
                "unauthorized");
        String email = "twice-" + UUID.randomUUID() + "@example.com";
        api.register("Twice", email);
        docs.assertDocumented(api.register("Twice Again", email.toUpperCase()).getBody(), register, "409",
                "duplicate-email");
    }

    @Test
    void swaggerUiIsServed() {
        assertThat(api.text("/swagger-ui.html").getStatusCode().value()).isEqualTo(200);
    }

}

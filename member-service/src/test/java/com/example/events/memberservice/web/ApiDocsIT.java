package com.example.events.memberservice.web;

import java.util.List;
import java.util.UUID;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.MemberApi;
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

    JsonNode docs;

    @BeforeEach
    void setUp() {
        api = new MemberApi(port);
        var response = api.get("/v3/api-docs");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        docs = response.getBody();
    }

    @Test
    void everyEndpointHasItsExamplesAndProblems() {
        JsonNode register = operation("/members", "post");
        assertThat(
                example(register.path("requestBody").path("content").path("application/json"), "register").path("email")
                    .asString())
            .isEqualTo("minji@example.com");
        assertThat(example(success(register, "201"), "member").path("id").isString()).isTrue();
        assertThat(problemTypes(register, "400")).containsExactlyInAnyOrder("/problems/validation",
                "/problems/malformed-request");
        assertThat(problemTypes(register, "409")).containsExactly("/problems/duplicate-email");

        JsonNode get = operation("/members/{id}", "get");
        assertThat(example(success(get, "200"), "member").path("name").asString()).isEqualTo("Kim Minji");
        assertThat(problemTypes(get, "404")).containsExactly("/problems/member-not-found");
        assertThat(example(success(operation("/members", "get"), "200"), "page").path("page").path("size").asInt())
            .isEqualTo(20);
        assertThat(problemTypes(operation("/members/{id}", "delete"), "404"))
            .containsExactly("/problems/member-not-found");

        JsonNode status = operation("/admin/outbox", "get");
        assertThat(status.path("security").get(0).has("admin")).isTrue();
        assertThat(problemTypes(status, "401")).containsExactly("/problems/unauthorized");
        assertThat(example(success(status, "200"), "example").has("oldestPendingAgeSeconds")).isTrue();

        JsonNode replay = operation("/admin/events/replay", "post");
        assertThat(example(replay.path("requestBody").path("content").path("application/json"), "one subscriber")
            .path("subscriber")
            .asString()).isEqualTo("reservation");
        assertThat(example(success(replay, "202"), "example").path("replayed").isInt()).isTrue();
        assertThat(problemTypes(replay, "400")).contains("/problems/validation");
        assertThat(problemTypes(replay, "401")).containsExactly("/problems/unauthorized");
        assertThat(
                example(replay.path("requestBody").path("content").path("application/json"), "one subscriber, by time")
                    .has("fromOccurredAt"))
            .isTrue();

        JsonNode events = operation("/admin/events", "get");
        assertThat(events.path("security").get(0).has("admin")).isTrue();
        assertThat(example(success(events, "200"), "example").get(0).has("traceId")).isTrue();
        assertThat(problemTypes(events, "400")).contains("/problems/validation");
        assertThat(problemTypes(events, "401")).containsExactly("/problems/unauthorized");
        assertThat(docs.path("components").path("securitySchemes").path("admin").path("scheme").asString())
            .isEqualTo("basic");
    }

    @Test
    void theDocumentedProblemsAreTheOnesTheApiAnswers() {
        assertDocumented(api.get("/members/" + UUID.randomUUID()).getBody(), operation("/members/{id}", "get"), "404",
                "member-not-found");
        assertDocumented(api.register("No Email", "not an email").getBody(), operation("/members", "post"), "400",
                "validation");
        assertDocumented(api.postRaw("/members", "{\"name\": ").getBody(), operation("/members", "post"), "400",
                "malformed-request");
        assertDocumented(api.get("/admin/outbox").getBody(), operation("/admin/outbox", "get"), "401", "unauthorized");
        String email = "twice-" + UUID.randomUUID() + "@example.com";
        api.register("Twice", email);
        assertDocumented(api.register("Twice Again", email.toUpperCase()).getBody(), operation("/members", "post"),
                "409", "duplicate-email");
    }

    @Test
    void swaggerUiIsServed() {
        assertThat(api.text("/swagger-ui.html").getStatusCode().value()).isEqualTo(200);
    }

    private void assertDocumented(JsonNode actual, JsonNode operation, String status, String exampleName) {
        JsonNode documented = example(response(operation, status).path("content").path("application/problem+json"),
                exampleName);
        for (String field : new String[] { "type", "title", "status" }) {
            assertThat(actual.path(field)).as(exampleName + " " + field).isEqualTo(documented.path(field));
        }
        assertThat(actual.has("errors")).as(exampleName + " errors").isEqualTo(documented.has("errors"));
    }

    private JsonNode operation(String path, String method) {
        JsonNode operation = docs.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path).isTrue();
        return operation;
    }

    private JsonNode response(JsonNode operation, String status) {
        JsonNode response = resolve(operation.path("responses").path(status));
        assertThat(response.isObject()).as("response " + status).isTrue();
        return response;
    }

    /**
     * A success response's JSON: its schema, as springdoc derives it from the return
     * type, and its examples.
     */
    private JsonNode success(JsonNode operation, String status) {
        JsonNode json = response(operation, status).path("content").path("application/json");
        assertThat(json.path("schema").isEmpty()).as(status + " schema").isFalse();
        return json;
    }

    private JsonNode example(JsonNode mediaType, String name) {
        JsonNode example = resolve(mediaType.path("examples").path(name));
        assertThat(example.has("value")).as("example " + name + " in " + mediaType).isTrue();
        return example.path("value");
    }

    private List<String> problemTypes(JsonNode operation, String status) {
        JsonNode problem = response(operation, status).path("content").path("application/problem+json");
        assertThat(resolve(problem.path("schema")).path("properties").has("type")).as("problem schema").isTrue();
        return problem.path("examples")
            .propertyNames()
            .stream()
            .map(name -> example(problem, name).path("type").asString())
            .toList();
    }

    // "#/components/responses/BadRequest" and the like, as Swagger UI follows them
    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            JsonNode target = docs;
            for (String part : node.path("$ref").asString().substring(2).split("/")) {
                target = target.path(part);
            }
            node = target;
        }
        return node;
    }

}

package com.example.events.reservationservice.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /v3/api-docs shows request and response examples and every problem answer, and each
 * documented problem is the one the API really gives.
 */
class ApiDocsIT extends IntegrationTestSupport {

    JsonNode docs;

    @BeforeEach
    void readDocs() {
        Response response = get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        docs = response.body();
    }

    @Test
    void everyEndpointHasItsExamplesAndProblems() {
        JsonNode create = operation("/reservations", "post");
        assertThat(
                example(create.path("requestBody").path("content").path("application/json"), "reserve").path("resource")
                    .asString())
            .isEqualTo("court-3");
        assertThat(example(success(create, "201"), "reservation").path("id").isString()).isTrue();
        assertThat(problemTypes(create, "400")).containsExactlyInAnyOrder("/problems/validation",
                "/problems/malformed-request");
        assertThat(problemTypes(create, "409")).containsExactly("/problems/reservation-overlap");
        assertThat(problemTypes(create, "422")).containsExactlyInAnyOrder("/problems/unknown-member",
                "/problems/member-deleted");

        JsonNode get = operation("/reservations/{id}", "get");
        assertThat(example(success(get, "200"), "reservation").path("resource").asString()).isEqualTo("court-3");
        assertThat(problemTypes(get, "404")).containsExactly("/problems/reservation-not-found");
        assertThat(example(success(operation("/reservations", "get"), "200"), "page").path("page").path("size").asInt())
            .isEqualTo(20);
        assertThat(problemTypes(operation("/reservations/{id}", "delete"), "404"))
            .containsExactly("/problems/reservation-not-found");

        JsonNode replica = operation("/member-replica/{memberId}", "get");
        assertThat(example(success(replica, "200"), "replica").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(problemTypes(replica, "404")).containsExactly("/problems/member-replica-not-found");

        for (JsonNode admin : List.of(operation("/admin/dlq", "get"), operation("/admin/dlq/redrive", "post"))) {
            assertThat(admin.path("security").get(0).has("admin")).isTrue();
            assertThat(problemTypes(admin, "401")).containsExactly("/problems/unauthorized");
            assertThat(problemTypes(admin, "503")).containsExactly("/problems/broker-unavailable");
        }
        assertThat(example(success(operation("/admin/dlq", "get"), "200"), "contents").path("messages")
            .get(0)
            .has("receiveCount")).isTrue();
        assertThat(example(success(operation("/admin/dlq/redrive", "post"), "202"), "moved").path("moved").isInt())
            .isTrue();
        JsonNode redrive = operation("/admin/dlq/redrive", "post");
        assertThat(example(redrive.path("requestBody").path("content").path("application/json"), "redrive").isObject())
            .isTrue();
        assertThat(problemTypes(redrive, "409")).containsExactly("/problems/redrive-in-progress");
        assertThat(problemTypes(redrive, "415")).containsExactly("about:blank");

        for (JsonNode api : List.of(create, get, operation("/reservations", "get"),
                operation("/reservations/{id}", "delete"), replica)) {
            assertThat(problemTypes(api, "503")).containsExactly("/problems/database-unavailable");
        }
    }

    @Test
    void theDocumentedProblemsAreTheOnesTheApiAnswers() {
        JsonNode create = operation("/reservations", "post");
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

        assertDocumented(get("/reservations/" + UUID.randomUUID()), operation("/reservations/{id}", "get"), "404",
                "reservation-not-found");
        assertDocumented(get("/member-replica/" + UUID.randomUUID()), operation("/member-replica/{memberId}", "get"),
                "404", "member-replica-not-found");
        assertDocumented(reserve(UUID.randomUUID(), "court-3", start, start.minusSeconds(60)), create, "400",
                "validation");
        assertDocumented(post("/reservations", "{\"memberId\": "), create, "400", "malformed-request");
        assertDocumented(reserve(UUID.randomUUID(), "court-3", start, start.plusSeconds(3600)), create, "422",
                "unknown-member");
        UUID member = registerMember(1);
        assertThat(reserve(member, "court-3", start, start.plusSeconds(3600)).status()).isEqualTo(201);
        assertDocumented(reserve(member, "court-3", start.plusSeconds(1800), start.plusSeconds(5400)), create, "409",
                "reservation-overlap");
        publish(deleted(2, member));
        awaitReplica(member, "DELETED", 2);
        assertDocumented(reserve(member, "court-4", start, start.plusSeconds(3600)), create, "422", "member-deleted");
        assertDocumented(get("/admin/dlq"), operation("/admin/dlq", "get"), "401", "unauthorized");
    }

    private void assertDocumented(Response actual, JsonNode operation, String status, String exampleName) {
        assertThat(actual.status()).as(exampleName).isEqualTo(Integer.parseInt(status));
        assertThat(actual.contentType()).as(exampleName).startsWith("application/problem+json");
        JsonNode documented = example(response(operation, status).path("content").path("application/problem+json"),
                exampleName);
        for (String field : new String[] { "type", "title", "status" }) {
            assertThat(actual.body().path(field)).as(exampleName + " " + field).isEqualTo(documented.path(field));
        }
        assertThat(actual.body().has("errors")).as(exampleName + " errors").isEqualTo(documented.has("errors"));
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

package com.example.events.reservationservice.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.testsupport.ApiDocs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /v3/api-docs shows request and response examples and every problem answer, and each
 * documented problem is the one the API really gives.
 */
class ApiDocsIT extends IntegrationTestSupport {

    ApiDocs docs;

    @BeforeEach
    void readDocs() {
        Response response = get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        docs = new ApiDocs(response.body());
    }

    @Test
    void everyEndpointHasItsExamplesAndProblems() {
        JsonNode create = docs.operation("/reservations", "post");
        assertThat(docs.requestExample(create, "reserve").path("resource").asString()).isEqualTo("court-3");
        assertThat(docs.example(docs.success(create, "201"), "reservation").path("id").isString()).isTrue();
        assertThat(docs.problemTypes(create, "400")).containsExactlyInAnyOrder("/problems/validation",
                "/problems/malformed-request");
        assertThat(docs.problemTypes(create, "409")).containsExactly("/problems/reservation-overlap");
        assertThat(docs.problemTypes(create, "422")).containsExactlyInAnyOrder("/problems/unknown-member",
                "/problems/member-deleted");

        JsonNode get = docs.operation("/reservations/{id}", "get");
        assertThat(docs.example(docs.success(get, "200"), "reservation").path("resource").asString())
            .isEqualTo("court-3");
        assertThat(docs.problemTypes(get, "404")).containsExactly("/problems/reservation-not-found");
        assertThat(docs.example(docs.success(docs.operation("/reservations", "get"), "200"), "page")
            .path("page")
            .path("size")
            .asInt()).isEqualTo(20);
        assertThat(docs.problemTypes(docs.operation("/reservations/{id}", "delete"), "404"))
            .containsExactly("/problems/reservation-not-found");

        JsonNode replica = docs.operation("/member-replica/{memberId}", "get");
        assertThat(docs.example(docs.success(replica, "200"), "replica").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(docs.problemTypes(replica, "404")).containsExactly("/problems/member-replica-not-found");

        for (JsonNode admin : List.of(docs.operation("/admin/dlq", "get"),
                docs.operation("/admin/dlq/redrive", "post"))) {
            assertThat(admin.path("security").get(0).has("admin")).isTrue();
            assertThat(docs.problemTypes(admin, "401")).containsExactly("/problems/unauthorized");
            assertThat(docs.problemTypes(admin, "503")).containsExactly("/problems/broker-unavailable");
        }
        assertThat(docs.example(docs.success(docs.operation("/admin/dlq", "get"), "200"), "contents")
            .path("messages")
            .get(0)
            .has("receiveCount")).isTrue();
        assertThat(docs.example(docs.success(docs.operation("/admin/dlq/redrive", "post"), "202"), "moved")
            .path("moved")
            .isInt()).isTrue();
        JsonNode redrive = docs.operation("/admin/dlq/redrive", "post");
        assertThat(docs.requestExample(redrive, "redrive").isObject()).isTrue();
        assertThat(docs.problemTypes(redrive, "409")).containsExactly("/problems/redrive-in-progress");
        assertThat(docs.problemTypes(redrive, "415")).containsExactly("about:blank");

        for (JsonNode api : List.of(create, get, docs.operation("/reservations", "get"),
                docs.operation("/reservations/{id}", "delete"), replica)) {
            assertThat(docs.problemTypes(api, "503")).containsExactly("/problems/database-unavailable");
        }
    }

    @Test
    void theDocumentedProblemsAreTheOnesTheApiAnswers() {
        JsonNode create = docs.operation("/reservations", "post");
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

        assertDocumented(get("/reservations/" + UUID.randomUUID()), docs.operation("/reservations/{id}", "get"), "404",
                "reservation-not-found");
        assertDocumented(get("/member-replica/" + UUID.randomUUID()),
                docs.operation("/member-replica/{memberId}", "get"), "404", "member-replica-not-found");
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
        assertDocumented(get("/admin/dlq"), docs.operation("/admin/dlq", "get"), "401", "unauthorized");
    }

    private void assertDocumented(Response actual, JsonNode operation, String status, String exampleName) {
        assertThat(actual.status()).as(exampleName).isEqualTo(Integer.parseInt(status));
        assertThat(actual.contentType()).as(exampleName).startsWith("application/problem+json");
        docs.assertDocumented(actual.body(), operation, status, exampleName);
    }

}

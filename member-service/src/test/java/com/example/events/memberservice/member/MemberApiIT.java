package com.example.events.memberservice.member;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.memberservice.MemberApi;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST surface over real HTTP and PostgreSQL; every rejected request leaves members
 * and events untouched.
 */
class MemberApiIT extends IntegrationTestSupport {

    @Test
    void registerAnswersCreatedWithLocationAndTheMember() {
        var response = api.register("Kim Minji", "minji@example.com");

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        JsonNode body = response.getBody();
        assertThat(MemberApi.location(response)).isEqualTo("/members/" + body.get("id").asString());
        assertThat(body.get("name").asString()).isEqualTo("Kim Minji");
        assertThat(body.get("email").asString()).isEqualTo("minji@example.com");
        assertThat(body.get("createdAt").asString()).isNotBlank();

        var fetched = api.get(MemberApi.location(response));
        assertThat(fetched.getStatusCode().value()).isEqualTo(200);
        assertThat(fetched.getBody()).isEqualTo(body);
        assertThat(database.events()).isEqualTo(1);
    }

    @Test
    void deleteAnswersNoContentThenNotFound() {
        String location = MemberApi.location(api.register("Lee Jisoo", "jisoo@example.com"));

        assertThat(api.delete(location).getStatusCode().value()).isEqualTo(204);
        assertThat(api.get(location).getStatusCode().value()).isEqualTo(404);
        assertProblem(api.delete(location), 404, "/problems/member-not-found");
        assertThat(database.events()).as("registered and deleted, nothing for the failed delete").isEqualTo(2);
    }

    @Test
    void pagesListMembersWithPageMetadata() {
        for (int i = 0; i < 5; i++) {
            api.register("Member " + i, "member" + i + "@example.com");
        }

        JsonNode page = api.get("/members?page=1&size=2").getBody();

        assertThat(page.get("content")).hasSize(2);
        assertThat(page.get("content").get(0).get("name").asString()).isEqualTo("Member 2");
        assertThat(page.get("page").get("size").asInt()).isEqualTo(2);
        assertThat(page.get("page").get("number").asInt()).isEqualTo(1);
        assertThat(page.get("page").get("totalElements").asLong()).isEqualTo(5);
        assertThat(page.get("page").get("totalPages").asInt()).isEqualTo(3);
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertUnchanged(() -> api.postRaw("/members", "{\"name\": \"Kim\", \"email\": "), 400,
                "/problems/malformed-request");
    }

    @Test
    void aBodyAboveTheDocumentedCapOf64KiBIsTooLargeAndChangesNothing() {
        String tooLarge = "{\"name\": \"" + "x".repeat(64 * 1024) + "\", \"email\": \"big@example.com\"}";

        var response = assertUnchanged(() -> api.postRaw("/members", tooLarge), 413, "/problems/request-too-large");
        assertThat(response.getBody().get("title").asString()).isEqualTo("Request body too large");
    }

    @Test
    void aMissingBodyIsMalformed() {
        var response = assertUnchanged(() -> api.postRaw("/members", ""), 400, "/problems/malformed-request");
        assertThat(response.getBody().get("detail").asString()).isEqualTo("The request body is missing or unreadable");
    }

    @Test
    void wellFormedJsonWithAWrongShapedFieldIsRejectedPerField() {
        var response = assertUnchanged(
                () -> api.post("/members", Map.of("name", List.of("Kim"), "email", "kim@example.com")), 400,
                "/problems/validation");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void aPageNumberThatIsNoNumberIsRejectedPerField() {
        var response = assertUnchanged(() -> api.get("/members?page=first"), 400, "/problems/validation");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("page");
    }

    @Test
    void anUnknownPathIsNotFoundAsProblemJson() {
        assertUnchanged(() -> api.get("/nowhere"), 404, "about:blank");
    }

    @Test
    void anUnsupportedMethodIsNotAllowedAsProblemJson() {
        var response = assertUnchanged(() -> api.send("PUT", "/members"), 405, "about:blank");
        assertThat(response.getHeaders().getAllow()).isNotEmpty();
    }

    @Test
    void blankNameIsRejectedPerField() {
        var response = assertUnchanged(() -> api.register("   ", "blank@example.com"), 400, "/problems/validation");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void missingFieldsAreEachReported() {
        var response = assertUnchanged(() -> api.post("/members", Map.of()), 400, "/problems/validation");
        assertThat(response.getBody().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name",
                "email");
    }

    @Test
    void invalidEmailIsRejected() {
        var response = assertUnchanged(() -> api.register("Kim", "not-an-email"), 400, "/problems/validation");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("email");
    }

    @Test
    void nameOverTwoHundredCharactersIsRejected() {
        assertThat(api.register("x".repeat(200), "long@example.com").getStatusCode().value()).isEqualTo(201);
        var response = assertUnchanged(() -> api.register("x".repeat(201), "longer@example.com"), 400,
                "/problems/validation");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void duplicateEmailIsAConflictWhateverItsCase() {
        api.register("Kim Minji", "minji@example.com");

        var response = assertUnchanged(() -> api.register("Other Kim", "MinJi@Example.COM"), 409,
                "/problems/duplicate-email");
        assertThat(response.getBody().get("detail").asString()).contains("MinJi@Example.COM");
    }

    @Test
    void badUuidInPathIsABadRequest() {
        assertUnchanged(() -> api.get("/members/not-a-uuid"), 400, "/problems/validation");
        assertUnchanged(() -> api.delete("/members/not-a-uuid"), 400, "/problems/validation");
    }

    @Test
    void unknownMemberIsNotFound() {
        assertUnchanged(() -> api.get("/members/" + UUID.randomUUID()), 404, "/problems/member-not-found");
    }

    @Test
    void pageSizeOverOneHundredIsABadRequestNotASlowQuery() {
        var response = assertUnchanged(() -> api.get("/members?size=101"), 400, "/problems/validation");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("size");
        assertThat(api.get("/members?size=100").getStatusCode().value()).isEqualTo(200);
    }

    private ResponseEntity<JsonNode> assertUnchanged(Supplier<ResponseEntity<JsonNode>> request, int status,
            String type) {
        long members = database.members();
        long events = database.events();
        var response = request.get();
        assertProblem(response, status, type);
        assertThat(database.members()).as("members").isEqualTo(members);
        assertThat(database.events()).as("events").isEqualTo(events);
        return response;
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = response.getBody();
        // the contract promises "type" on every error, Spring's own 404 and 405 included
        // (as about:blank)
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

}

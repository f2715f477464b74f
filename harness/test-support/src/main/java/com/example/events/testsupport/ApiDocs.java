package com.example.events.testsupport;

import java.util.List;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's OpenAPI document (/v3/api-docs) read as Swagger UI reads it: following
 * {@code $ref}s into the components, so a test can hold what it documents against what
 * the service answers.
 */
public final class ApiDocs {

    private final JsonNode docs;

    public ApiDocs(JsonNode docs) {
        this.docs = docs;
    }

    public JsonNode root() {
        return docs;
    }

    public JsonNode operation(String path, String method) {
        JsonNode operation = docs.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path).isTrue();
        return operation;
    }

    public JsonNode response(JsonNode operation, String status) {
        JsonNode response = resolve(operation.path("responses").path(status));
        assertThat(response.isObject()).as("response " + status).isTrue();
        return response;
    }

    /**
     * A success response's JSON: its schema, as springdoc derives it from the return
     * type, and its examples.
     */
    public JsonNode success(JsonNode operation, String status) {
        JsonNode json = response(operation, status).path("content").path("application/json");
        assertThat(json.path("schema").isEmpty()).as(status + " schema").isFalse();
        return json;
    }

    /** The value of a named example of a media type (a request body or a response). */
    public JsonNode example(JsonNode mediaType, String name) {
        JsonNode example = resolve(mediaType.path("examples").path(name));
        assertThat(example.has("value")).as("example " + name + " in " + mediaType).isTrue();
        return example.path("value");
    }

    /** The value of a named example of an operation's request body. */
    public JsonNode requestExample(JsonNode operation, String name) {
        return example(operation.path("requestBody").path("content").path("application/json"), name);
    }

    /** The types of the problems an operation documents for a status. */
    public List<String> problemTypes(JsonNode operation, String status) {
        JsonNode problem = problems(operation, status);
        assertThat(resolve(problem.path("schema")).path("properties").has("type")).as("problem schema").isTrue();
        return problem.path("examples")
            .propertyNames()
            .stream()
            .map(name -> example(problem, name).path("type").asString())
            .toList();
    }

    /**
     * The problem a service answered is the one its document shows under that status and
     * example name: the same type, title and status, and field errors where the example
     * has them.
     */
    public void assertDocumented(JsonNode actual, JsonNode operation, String status, String exampleName) {
        JsonNode documented = example(problems(operation, status), exampleName);
        for (String field : new String[] { "type", "title", "status" }) {
            assertThat(actual.path(field)).as(exampleName + " " + field).isEqualTo(documented.path(field));
        }
        assertThat(actual.has("errors")).as(exampleName + " errors").isEqualTo(documented.has("errors"));
    }

    private JsonNode problems(JsonNode operation, String status) {
        return response(operation, status).path("content").path("application/problem+json");
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

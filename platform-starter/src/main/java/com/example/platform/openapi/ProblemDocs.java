package com.example.platform.openapi;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.example.platform.web.Problems;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * How a service documents its problem+json answers (RFC 9457) in its OpenAPI document:
 * responses with named examples, all of the one {@code Problem} schema the platform adds
 * ({@link PlatformOpenApiAutoConfiguration}). Controllers refer to them by name
 * ({@code @ApiResponse(ref = "BadRequest")}).
 */
public final class ProblemDocs {

    /** The security scheme of the admin endpoints. */
    public static final String ADMIN = "admin";

    static final String PROBLEM_SCHEMA = "Problem";

    private ProblemDocs() {
    }

    /** An example for the components, from its JSON. */
    public static Example example(String json) {
        try {
            return new Example().value(Json.mapper().readTree(json));
        }
        catch (com.fasterxml.jackson.core.JacksonException ex) {
            throw new IllegalArgumentException("Example is not JSON: " + json, ex);
        }
    }

    /** A problem+json response with examples given as name, JSON, name, JSON... */
    public static ApiResponse problem(String description, String... examples) {
        if (examples.length % 2 != 0) {
            throw new IllegalArgumentException("Examples come as name, JSON pairs");
        }
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        for (int i = 0; i < examples.length; i += 2) {
            mediaType.addExamples(examples[i], example(examples[i + 1]));
        }
        return new ApiResponse().description(description)
            .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    mediaType));
    }

    /**
     * The 400 of an endpoint, as the platform answers it: examples {@code validation}
     * (one invalid field, as given) and {@code malformed-request}.
     * @param instance the endpoint's path, e.g. {@code /members}
     */
    public static ApiResponse badRequest(String description, String instance, String field, String message) {
        String validation = """
                {"type": "%s", "title": "Invalid request", "status": 400,
                 "detail": "The request has 1 invalid field(s)", "instance": "%s",
                 "errors": [{"field": "%s", "message": "%s"}]}""".formatted(Problems.VALIDATION, instance, field,
                message);
        String malformed = """
                {"type": "%s", "title": "Malformed request body", "status": 400,
                 "detail": "The request body is not valid JSON for this endpoint", "instance": "%s"}"""
            .formatted(Problems.MALFORMED_REQUEST, instance);
        return problem(description, "validation", validation, "malformed-request", malformed);
    }

    /**
     * Marks properties of a component schema as possibly null (OpenAPI 3.1: type
     * {@code [..., "null"]}), for the fields a response always writes, null or not.
     */
    public static void nullable(OpenAPI api, String schemaName, String... properties) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        Schema<?> schema = api.getComponents().getSchemas().get(schemaName);
        Map<String, Schema> fields = schema == null ? null : schema.getProperties();
        if (fields == null) {
            return;
        }
        for (String name : properties) {
            Schema<?> field = fields.get(name);
            if (field == null) {
                continue;
            }
            Set<String> types = new LinkedHashSet<>();
            if (field.getTypes() != null) {
                types.addAll(field.getTypes());
            }
            else if (field.getType() != null) {
                types.add(field.getType());
            }
            if (types.isEmpty() || types.contains("null")) {
                continue;
            }
            types.add("null");
            field.setTypes(types);
        }
    }

    static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
            .addProperty("type",
                    new StringSchema().description("Identifies the kind of problem, e.g. " + Problems.VALIDATION))
            .addProperty("title", new StringSchema())
            .addProperty("status", new IntegerSchema())
            .addProperty("detail", new StringSchema())
            .addProperty("instance", new StringSchema())
            .addProperty("errors",
                    new ArraySchema().description("Only for " + Problems.VALIDATION + ": one entry per invalid field")
                        .items(new ObjectSchema().addProperty("field", new StringSchema())
                            .addProperty("message", new StringSchema())));
    }

}

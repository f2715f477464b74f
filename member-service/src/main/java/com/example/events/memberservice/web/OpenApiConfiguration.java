package com.example.events.memberservice.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What /v3/api-docs and Swagger UI show besides what springdoc reads from the
 * controllers: the problem+json answers (RFC 9457) every endpoint shares, referenced by
 * name from the controllers' {@code @ApiResponse(ref = ...)}, the examples they refer to,
 * and the admin endpoints' HTTP Basic scheme.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    public static final String ADMIN = "admin";

    @Bean
    OpenAPI memberServiceApi() {
        return new OpenAPI()
            .info(new Info().title("member-service")
                .version("1")
                .description("Owns members. Every change is published to the SNS topic member-events "
                        + "(see contracts/member-events). Errors are application/problem+json."))
            .components(new Components()
                .addSecuritySchemes(ADMIN,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("basic")
                            .description("ADMIN_USERNAME / ADMIN_PASSWORD"))
                .addSchemas("Problem", problemSchema())
                .addExamples("RegisterMember", example("""
                        {"name": "Kim Minji", "email": "minji@example.com"}"""))
                .addExamples("Member", example("""
                        {"id": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "name": "Kim Minji",
                         "email": "minji@example.com", "createdAt": "2026-11-24T09:14:00Z"}"""))
                .addExamples("MemberPage", example("""
                        {"content": [{"id": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "name": "Kim Minji",
                                      "email": "minji@example.com", "createdAt": "2026-11-24T09:14:00Z"}],
                         "page": {"size": 20, "number": 0, "totalElements": 1, "totalPages": 1}}"""))
                .addResponses("BadRequest", problem("Malformed JSON, a missing or invalid field or parameter",
                        "validation", """
                                {"type": "/problems/validation", "title": "Invalid request", "status": 400,
                                 "detail": "The request has 1 invalid field(s)", "instance": "/members",
                                 "errors": [{"field": "email", "message": "must be a well-formed email address"}]}""",
                        "malformed-request",
                        """
                                {"type": "/problems/malformed-request", "title": "Malformed request body", "status": 400,
                                 "detail": "The request body is not valid JSON for this endpoint", "instance": "/members"}"""))
                .addResponses("Unauthorized", problem("No or wrong HTTP Basic credentials", "unauthorized", """
                        {"type": "/problems/unauthorized", "title": "Unauthorized", "status": 401,
                         "detail": "Admin endpoints need HTTP Basic credentials"}"""))
                .addResponses("MemberNotFound", problem("No member with that id", "member-not-found", """
                        {"type": "/problems/member-not-found", "title": "Member not found", "status": 404,
                         "detail": "No member with id 0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08",
                         "instance": "/members/0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08"}"""))
                .addResponses("DuplicateEmail", problem("The email is registered already, whatever its case",
                        "duplicate-email",
                        """
                                {"type": "/problems/duplicate-email", "title": "Email already registered", "status": 409,
                                 "detail": "A member with email minji@example.com is already registered",
                                 "instance": "/members"}""")));
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
    private static ApiResponse problem(String description, String... examples) {
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
        for (int i = 0; i < examples.length; i += 2) {
            mediaType.addExamples(examples[i], example(examples[i + 1]));
        }
        return new ApiResponse().description(description)
            .content(new Content().addMediaType("application/problem+json", mediaType));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
            .addProperty("type",
                    new StringSchema().description("Identifies the kind of problem, e.g. " + "/problems/validation"))
            .addProperty("title", new StringSchema())
            .addProperty("status", new IntegerSchema())
            .addProperty("detail", new StringSchema())
            .addProperty("instance", new StringSchema())
            .addProperty("errors",
                    new ArraySchema().description("Only for /problems/validation: one entry per " + "invalid field")
                        .items(new ObjectSchema().addProperty("field", new StringSchema())
                            .addProperty("message", new StringSchema())));
    }

}

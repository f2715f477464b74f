package com.example.events.memberservice.web;

import com.example.platform.openapi.ProblemDocs;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.example.platform.openapi.ProblemDocs.badRequest;
import static com.example.platform.openapi.ProblemDocs.problem;

/**
 * What /v3/api-docs and Swagger UI show besides what springdoc reads from the
 * controllers: this service's examples and its own problem answers, referenced by name
 * from the controllers' {@code @ApiResponse(ref = ...)}. The problem schema, the admin
 * endpoints' HTTP Basic scheme and the answers every service shares come from the
 * platform.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    public static final String ADMIN = ProblemDocs.ADMIN;

    @Bean
    OpenAPI memberServiceApi() {
        return new OpenAPI()
            .info(new Info().title("member-service")
                .version("1")
                .description("Owns members. Every change is published to the SNS topic member-events "
                        + "(see contracts/member-events). Errors are application/problem+json."))
            .components(new Components().addExamples("RegisterMember", example("""
                    {"name": "Kim Minji", "email": "minji@example.com"}"""))
                .addExamples("Member", example("""
                        {"id": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "name": "Kim Minji",
                         "email": "minji@example.com", "createdAt": "2026-11-24T09:14:00Z"}"""))
                .addExamples("MemberPage", example("""
                        {"content": [{"id": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "name": "Kim Minji",
                                      "email": "minji@example.com", "createdAt": "2026-11-24T09:14:00Z"}],
                         "page": {"size": 20, "number": 0, "totalElements": 1, "totalPages": 1}}"""))
                .addResponses("BadRequest",
                        badRequest("Malformed JSON, a missing or invalid field or parameter", "/members", "email",
                                "must be a well-formed email address"))
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
        return ProblemDocs.example(json);
    }

}

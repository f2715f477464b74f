package com.example.platform.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.platform.web.PlatformWebProperties;
import com.example.platform.web.Problems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * What every service's /v3/api-docs holds besides its own API: the {@code Problem}
 * schema, the admin endpoints' HTTP Basic scheme ({@link ProblemDocs#ADMIN}), and the
 * problem answers the platform gives for every service, {@code Unauthorized} and
 * {@code DatabaseUnavailable}, for the service's controllers to refer to. Every operation
 * that takes a body also gets the answers the platform gives to any body, 413
 * {@code RequestTooLarge} and 415 {@code UnsupportedMediaType}, unless it documents them
 * itself.
 */
@AutoConfiguration
@ConditionalOnClass({ OpenAPI.class, OpenApiCustomizer.class })
@EnableConfigurationProperties(PlatformWebProperties.class)
public class PlatformOpenApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "platformProblemDocs")
    OpenApiCustomizer platformProblemDocs(PlatformWebProperties web) {
        long retryAfterSeconds = web.databaseRetryAfterSeconds();
        long maxBodyKilobytes = DataSize.ofBytes(web.maxRequestBody().toBytes()).toKilobytes();
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.components(new Components());
            }
            openApi.getComponents()
                .addSecuritySchemes(ProblemDocs.ADMIN,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("basic")
                            .description("ADMIN_USERNAME / ADMIN_PASSWORD"))
                .addSchemas(ProblemDocs.PROBLEM_SCHEMA, ProblemDocs.problemSchema())
                .addResponses("Unauthorized",
                        ProblemDocs.problem("No or wrong HTTP Basic credentials", "unauthorized",
                                """
                                        {"type": "%s", "title": "Unauthorized", "status": 401,
                                         "detail": "Admin endpoints need HTTP Basic credentials"}"""
                                    .formatted(Problems.UNAUTHORIZED)))
                .addResponses("DatabaseUnavailable", ProblemDocs.problem(
                        "The database did not take the request (unreachable, no free connection within the pool's "
                                + "timeout, or a conflict with other transactions); Retry-After says when to send "
                                + "it again",
                        "database-unavailable",
                        """
                                {"type": "%s", "title": "Database unavailable", "status": 503, "detail": "%s"}"""
                            .formatted(Problems.DATABASE_UNAVAILABLE,
                                    Problems.databaseUnavailableDetail(retryAfterSeconds))));
            if (!openApi.getComponents().getResponses().containsKey(REQUEST_TOO_LARGE)) {
                openApi.getComponents()
                    .addResponses(REQUEST_TOO_LARGE, ProblemDocs.problem(
                            "The body is larger than the service accepts (web.max-request-body); nothing was done",
                            "request-too-large",
                            """
                                    {"type": "%s", "title": "Request body too large", "status": 413,
                                     "detail": "The request body is larger than %d KB, the most this service accepts; nothing was done"}"""
                                .formatted(Problems.REQUEST_TOO_LARGE, maxBodyKilobytes)));
            }
            if (!openApi.getComponents().getResponses().containsKey(UNSUPPORTED_MEDIA_TYPE)) {
                openApi.getComponents()
                    .addResponses(UNSUPPORTED_MEDIA_TYPE, ProblemDocs
                        .problem("The body is not application/json", "unsupported-media-type", """
                                {"type": "about:blank", "title": "Unsupported Media Type", "status": 415,
                                 "detail": "Content-Type 'application/x-www-form-urlencoded' is not supported."}"""));
            }
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                    bodyProblems(operation);
                    optionalMeansNullable(openApi, operation);
                }));
            }
        };
    }

    static final String REQUEST_TOO_LARGE = "RequestTooLarge";

    static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";

    /**
     * A request body's optional field may be sent as null, which the services take as
     * left out: the document says so, as it says what they answer.
     */
    private static void optionalMeansNullable(OpenAPI openApi, Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().values().forEach(mediaType -> {
            String ref = mediaType.getSchema() == null ? null : mediaType.getSchema().get$ref();
            if (ref == null || !ref.startsWith(SCHEMAS)) {
                return;
            }
            String name = ref.substring(SCHEMAS.length());
            Schema<?> schema = openApi.getComponents().getSchemas() == null ? null
                    : openApi.getComponents().getSchemas().get(name);
            if (schema == null || schema.getProperties() == null) {
                return;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            List<String> optional = new ArrayList<>();
            for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                if (!required.contains(property.getKey()) && property.getValue().get$ref() == null) {
                    optional.add(property.getKey());
                }
            }
            ProblemDocs.nullable(openApi, name, optional.toArray(String[]::new));
        });
    }

    private static final String SCHEMAS = "#/components/schemas/";

    private static void bodyProblems(Operation operation) {
        if (operation.getRequestBody() == null) {
            return;
        }
        if (operation.getResponses() == null) {
            operation.responses(new ApiResponses());
        }
        operation.getResponses()
            .putIfAbsent("413", new ApiResponse().$ref("#/components/responses/" + REQUEST_TOO_LARGE));
        operation.getResponses()
            .putIfAbsent("415", new ApiResponse().$ref("#/components/responses/" + UNSUPPORTED_MEDIA_TYPE));
    }

}

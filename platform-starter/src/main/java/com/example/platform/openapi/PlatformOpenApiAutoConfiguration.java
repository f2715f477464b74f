package com.example.platform.openapi;

import com.example.platform.web.PlatformWebProperties;
import com.example.platform.web.Problems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * What every service's /v3/api-docs holds besides its own API: the {@code Problem}
 * schema, the admin endpoints' HTTP Basic scheme ({@link ProblemDocs#ADMIN}), and the
 * problem answers the platform gives for every service, {@code Unauthorized} and
 * {@code DatabaseUnavailable}, for the service's controllers to refer to.
 */
@AutoConfiguration
@ConditionalOnClass({ OpenAPI.class, OpenApiCustomizer.class })
@EnableConfigurationProperties(PlatformWebProperties.class)
public class PlatformOpenApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "platformProblemDocs")
    OpenApiCustomizer platformProblemDocs(PlatformWebProperties web) {
        long retryAfterSeconds = web.databaseRetryAfterSeconds();
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
        };
    }

}

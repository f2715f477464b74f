package com.example.platform.web;

import com.example.platform.database.DatabaseFailureClassifier;
import com.example.platform.database.DatabaseFailures;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.PersistenceException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The answers every service gives alike over HTTP: problem+json for bad input
 * ({@link ProblemDetailsAdvice}), 503 overloaded ({@link RequestLimit}), 413 for a body
 * above the cap ({@link RequestBodyLimit}) and 503 database-unavailable
 * ({@link DatabaseUnavailableAdvice}), the error page as problem+json
 * ({@link ProblemErrorController}); each JSON field takes its own type only. Before
 * Spring MVC's own, so that Boot's generic problem handler backs off; a service replaces
 * any of them by declaring a bean of that type.
 */
@AutoConfiguration(before = { WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PlatformWebProperties.class)
public class PlatformWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    /**
     * Each field takes its own JSON type only, a 400 on that field otherwise: a text
     * field a string ({@code "name": false} is not the text "false"), a number field a
     * number of its kind ({@code "5"}, {@code ""} or {@code 2.5} are no integer), a
     * boolean true or false; an empty string is no time or id (not null).
     */
    @Bean
    JsonMapperBuilderCustomizer platformStrictScalars() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, PlatformWebAutoConfiguration::onlyItsOwnShape)
            .withCoercionConfig(LogicalType.Float, PlatformWebAutoConfiguration::onlyItsOwnShape)
            .withCoercionConfig(LogicalType.Boolean,
                    flag -> onlyItsOwnShape(flag.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)))
            .withCoercionConfig(LogicalType.DateTime,
                    time -> time.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.OtherScalar,
                    id -> id.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }

    private static MutableCoercionConfig onlyItsOwnShape(MutableCoercionConfig config) {
        return config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    @ConditionalOnMissingBean
    RequestLimit requestLimit(PlatformWebProperties settings, JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        return new RequestLimit(settings, json, meters);
    }

    @Bean
    @ConditionalOnMissingBean
    RequestBodyLimit requestBodyLimit(PlatformWebProperties settings, JsonMapper json) {
        return new RequestBodyLimit(settings, json);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ DataAccessException.class, TransactionException.class, PersistenceException.class })
    static class DatabaseUnavailableConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DatabaseFailureClassifier databaseFailureClassifier() {
            return failure -> DatabaseFailures.classify(failure).isPresent();
        }

        @Bean
        @ConditionalOnMissingBean
        DatabaseUnavailableAdvice databaseUnavailableAdvice(DatabaseFailureClassifier failures,
                PlatformWebProperties settings) {
            return new DatabaseUnavailableAdvice(failures, settings);
        }

    }

}

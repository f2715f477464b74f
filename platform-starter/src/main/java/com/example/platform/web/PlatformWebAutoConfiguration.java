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
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers every service gives alike over HTTP: problem+json for bad input
 * ({@link ProblemDetailsAdvice}), 503 overloaded ({@link RequestLimit}), 413 for a body
 * above the cap ({@link RequestBodyLimit}) and 503 database-unavailable
 * ({@link DatabaseUnavailableAdvice}). Before Spring MVC's own, so that Boot's generic
 * problem handler backs off; a service replaces any of them by declaring a bean of that
 * type.
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PlatformWebProperties.class)
public class PlatformWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
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

package com.example.platform.web;

import com.example.platform.database.DatabaseFailureClassifier;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** What a service gets, what it can replace, and what backs off without a database. */
class PlatformWebAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PlatformWebAutoConfiguration.class, JacksonAutoConfiguration.class,
                WebMvcAutoConfiguration.class));

    @Test
    void aServiceGetsTheProblemAnswersTheLimitAndTheDatabaseAdvice() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProblemDetailsAdvice.class)
                .hasSingleBean(RequestLimit.class)
                .hasSingleBean(RequestBodyLimit.class)
                .hasSingleBean(DatabaseUnavailableAdvice.class);
            assertThat(context.getBean(ResponseEntityExceptionHandler.class))
                .as("Boot's own problem handler backs off even when asked for")
                .isInstanceOf(ProblemDetailsAdvice.class);
            assertThat(context.getBean(PlatformWebProperties.class).maxConcurrentRequests()).isEqualTo(100);
            assertThat(context.getBean(PlatformWebProperties.class).maxRequestBody().toBytes()).isEqualTo(65_536);
        });
        runner.withPropertyValues("spring.mvc.problemdetails.enabled=true")
            .run(context -> assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class)
                .hasSingleBean(ProblemDetailsAdvice.class));
    }

    @Test
    void aServiceReplacesTheProblemAdviceAndTheClassifierWithItsOwn() {
        runner.withUserConfiguration(OwnAnswers.class).run(context -> {
            assertThat(context).doesNotHaveBean(ProblemDetailsAdvice.class);
            assertThat(context.getBean(DatabaseFailureClassifier.class)).isSameAs(OwnAnswers.CLASSIFIER);
            assertThat(context).hasSingleBean(DatabaseUnavailableAdvice.class);
        });
    }

    @Test
    void theRequestLimitAndTheDatabaseRetryAfterComeFromTheServicesSettings() {
        runner.withPropertyValues("web.max-concurrent-requests=7", "web.database-retry-after=5s").run(context -> {
            PlatformWebProperties settings = context.getBean(PlatformWebProperties.class);
            assertThat(settings.maxConcurrentRequests()).isEqualTo(7);
            assertThat(settings.databaseRetryAfterSeconds()).isEqualTo(5);
        });
        runner.withPropertyValues("web.max-concurrent-requests=0")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .hasStackTraceContaining("maxConcurrentRequests"));
    }

    @Test
    void withoutJpaThereIsNoDatabaseAdvice() {
        runner.withClassLoader(new FilteredClassLoader(PersistenceException.class))
            .run(context -> assertThat(context).hasSingleBean(ProblemDetailsAdvice.class)
                .doesNotHaveBean(DatabaseUnavailableAdvice.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAnswers {

        static final DatabaseFailureClassifier CLASSIFIER = failure -> true;

        @Bean
        ResponseEntityExceptionHandler ownAdvice() {
            return new ResponseEntityExceptionHandler() {
            };
        }

        @Bean
        DatabaseFailureClassifier ownClassifier() {
            return CLASSIFIER;
        }

    }

}

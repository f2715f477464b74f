package com.example.events.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.example.events.localsystem.Broker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Points a Spring test context at the harness's broker and database
 * ({@link TestInfrastructure}, the one place that decides between containers and the
 * local emulator with embedded PostgreSQL), so tests never say where those are. A test
 * context gets it by importing it, as each service's integration-test annotation or base
 * class and each slice that needs the database do:
 * {@code @Import(TestInfrastructureConfiguration.class)}.
 *
 * <p>
 * The values are resolved lazily: nothing starts until the context first asks for one of
 * them. The database is named after {@code spring.application.name}, as each service owns
 * its own. A property the test sets inline ({@code @SpringBootTest(properties)},
 * {@code @TestPropertySource}) wins: the harness registers only the keys the test did not
 * set.
 */
@Configuration(proxyBeanMethods = false)
public class TestInfrastructureConfiguration {

    @Bean
    static DynamicPropertyRegistrar testInfrastructureProperties(ConfigurableEnvironment environment) {
        PropertySource<?> inlined = environment.getPropertySources()
            .get(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME);
        return registry -> properties(environment).forEach((name, value) -> {
            if (inlined == null || !inlined.containsProperty(name)) {
                registry.add(name, value);
            }
        });
    }

    private static Map<String, Supplier<Object>> properties(ConfigurableEnvironment environment) {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        properties.put("spring.cloud.aws.endpoint", () -> broker().endpoint().toString());
        properties.put("spring.cloud.aws.region.static", () -> broker().region());
        properties.put("spring.cloud.aws.credentials.access-key", () -> broker().accessKey());
        properties.put("spring.cloud.aws.credentials.secret-key", () -> broker().secretKey());
        properties.put("spring.datasource.url", () -> TestInfrastructure.postgres()
            .jdbcUrl(environment.getProperty("spring.application.name", "test")));
        properties.put("spring.datasource.username", () -> TestInfrastructure.postgres().username());
        properties.put("spring.datasource.password", () -> TestInfrastructure.postgres().password());
        return properties;
    }

    private static Broker broker() {
        return TestInfrastructure.broker();
    }

}

package com.example.events.testsupport;

import com.example.events.localsystem.Broker;
import java.util.List;
import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at the harness's broker and database, so tests never
 * say where those are.
 *
 * <p>
 * The properties are resolved lazily: a web slice that never asks for a data source
 * starts no database. The database is named after {@code spring.application.name}, as
 * each service owns its own.
 */
public class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new InfrastructureContextCustomizer();
    }

    static final class InfrastructureContextCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ConfigurableEnvironment environment = context.getEnvironment();
            MutablePropertySources sources = environment.getPropertySources();
            var harness = new HarnessPropertySource(environment);
            // A test's own inline properties still win over the harness.
            if (sources.contains("Inlined Test Properties")) {
                sources.addAfter("Inlined Test Properties", harness);
            }
            else {
                sources.addFirst(harness);
            }
        }

        // Stateless: every test class may share one cached context per configuration.
        @Override
        public boolean equals(Object other) {
            return other instanceof InfrastructureContextCustomizer;
        }

        @Override
        public int hashCode() {
            return InfrastructureContextCustomizer.class.hashCode();
        }

    }

    static final class HarnessPropertySource extends PropertySource<Object> {

        private static final Set<String> BROKER_KEYS = Set.of("spring.cloud.aws.endpoint",
                "spring.cloud.aws.region.static", "spring.cloud.aws.credentials.access-key",
                "spring.cloud.aws.credentials.secret-key", "test.broker.endpoint");

        private final ConfigurableEnvironment environment;

        HarnessPropertySource(ConfigurableEnvironment environment) {
            super("testInfrastructure", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (BROKER_KEYS.contains(name)) {
                Broker broker = TestInfrastructure.broker();
                return switch (name) {
                    case "spring.cloud.aws.region.static" -> broker.region();
                    case "spring.cloud.aws.credentials.access-key" -> broker.accessKey();
                    case "spring.cloud.aws.credentials.secret-key" -> broker.secretKey();
                    default -> broker.endpoint().toString();
                };
            }
            return switch (name) {
                case "spring.datasource.url" ->
                    TestInfrastructure.postgres().jdbcUrl(environment.getProperty("spring.application.name", "test"));
                case "spring.datasource.username" -> TestInfrastructure.postgres().username();
                case "spring.datasource.password" -> TestInfrastructure.postgres().password();
                default -> null;
            };
        }

    }

}

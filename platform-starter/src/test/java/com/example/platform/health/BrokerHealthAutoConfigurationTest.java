package com.example.platform.health;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BrokerHealthAutoConfiguration.class));

    private final BrokerProbe probe = new BrokerProbe() {

        @Override
        public String broker() {
            return "SNS";
        }

        @Override
        public Map<String, Object> check(Duration timeout) {
            return Map.of("topic", "arn:aws:sns:eu-west-1:000000000000:things");
        }

    };

    @Test
    void aServiceWithAProbeGetsTheBrokerCheckWithItsSettings() {
        runner.withBean(BrokerProbe.class, () -> probe)
            .withPropertyValues("observability.broker-health.cache-for=1s")
            .run(context -> {
                assertThat(context).hasBean("brokerHealthIndicator");
                assertThat(context.getBean("brokerHealthIndicator", HealthIndicator.class).health().getDetails())
                    .containsEntry("topic", "arn:aws:sns:eu-west-1:000000000000:things");
                BrokerHealthProperties settings = context.getBean(BrokerHealthProperties.class);
                assertThat(settings.cacheFor()).isEqualTo(Duration.ofSeconds(1));
                assertThat(settings.timeout()).as("the default").isEqualTo(Duration.ofSeconds(2));
            });
    }

    @Test
    void aServiceWithoutAProbeHasNoBrokerCheck() {
        runner.run(context -> assertThat(context).doesNotHaveBean("brokerHealthIndicator"));
    }

    @Test
    void aServicesOwnBrokerCheckReplacesThePlatforms() {
        HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        runner.withBean(BrokerProbe.class, () -> probe)
            .withBean("brokerHealthIndicator", HealthIndicator.class, () -> own)
            .run(context -> assertThat(context.getBean("brokerHealthIndicator")).isSameAs(own));
    }

}

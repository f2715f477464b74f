package com.example.platform.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code broker} health indicator, for a service that declares a {@link BrokerProbe};
 * a service's own bean named {@code brokerHealthIndicator} replaces it.
 */
@AutoConfiguration
@ConditionalOnBean(BrokerProbe.class)
@EnableConfigurationProperties(BrokerHealthProperties.class)
public class BrokerHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "brokerHealthIndicator")
    HealthIndicator brokerHealthIndicator(BrokerProbe probe, BrokerHealthProperties settings) {
        return new BrokerHealthIndicator(probe, settings);
    }

}

package com.example.platform.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often operators' probes may reach the broker.
 *
 * @param cacheFor a result is reused this long, so frequent probes from several load
 * balancers do not turn into as many broker calls
 * @param timeout a check that takes longer counts as DOWN: a probe must answer quickly
 */
@ConfigurationProperties("observability.broker-health")
public record BrokerHealthProperties(@DefaultValue("5s") Duration cacheFor, @DefaultValue("2s") Duration timeout) {
}

package com.example.events.memberservice.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often operators' probes and scrapes may reach the broker and the database.
 *
 * @param brokerHealth the readiness check of the topic
 * @param gauges the outbox gauges on /actuator/prometheus
 */
@ConfigurationProperties("observability")
record ObservabilityProperties(BrokerHealth brokerHealth, Gauges gauges) {

    /**
     * @param cacheFor a result is reused this long, so frequent probes from several load
     * balancers do not turn into as many SNS calls
     * @param timeout a check that takes longer counts as DOWN: a probe must answer
     * quickly
     */
    record BrokerHealth(Duration cacheFor, Duration timeout) {
    }

    /**
     * @param refreshEvery the gauges' values are read from the database at most this
     * often
     */
    record Gauges(Duration refreshEvery) {
    }
}

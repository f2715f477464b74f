package com.example.events.reservationservice.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often operators' probes and scrapes may reach the broker.
 *
 * @param brokerHealth the readiness check of the queue
 * @param gauges the queue depth gauges on /actuator/prometheus
 */
@ConfigurationProperties("observability")
record ObservabilityProperties(BrokerHealth brokerHealth, Gauges gauges) {

    /**
     * @param cacheFor a result is reused this long, so frequent probes do not turn into
     * as many SQS calls
     * @param timeout a check that takes longer counts as DOWN: a probe must answer
     * quickly
     */
    record BrokerHealth(Duration cacheFor, Duration timeout) {
    }

    /**
     * @param refreshEvery the queue depths are asked of SQS at most this often
     */
    record Gauges(Duration refreshEvery) {
    }
}

package com.example.events.memberservice.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often scrapes may reach the database; the readiness check's pace is the platform's
 * {@code observability.broker-health}.
 *
 * @param gauges the outbox gauges on /actuator/prometheus
 */
@ConfigurationProperties("observability")
record ObservabilityProperties(Gauges gauges) {

    /**
     * @param refreshEvery the gauges' values are read from the database at most this
     * often
     */
    record Gauges(Duration refreshEvery) {
    }
}

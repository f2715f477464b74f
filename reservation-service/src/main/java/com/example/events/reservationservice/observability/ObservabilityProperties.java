package com.example.events.reservationservice.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often scrapes may reach the broker; the readiness check's pace is the platform's
 * {@code observability.broker-health}.
 *
 * @param gauges the queue depth gauges on /actuator/prometheus
 */
@ConfigurationProperties("observability")
record ObservabilityProperties(Gauges gauges) {

    /**
     * @param refreshEvery the queue depths are asked of SQS at most this often
     */
    record Gauges(Duration refreshEvery) {
    }
}

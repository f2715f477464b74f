package com.example.events.memberservice.observability;

import java.time.Clock;

import com.example.events.memberservice.eventlog.EventLog;
import com.example.platform.health.Throttled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * What an operator alerts on: events not yet on the topic, and how long the oldest has
 * waited (an event a replay queued again, since its requeue). Read through the partial
 * index on pending rows, and at most once per {@code observability.gauges.refresh-every}
 * however often Prometheus scrapes; NaN while the database cannot be read.
 */
@Component
class OutboxGauges {

    static final String PENDING = "outbox.events.pending";
    static final String OLDEST_PENDING_AGE = "outbox.events.pending.oldest.age";

    private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);

    record Snapshot(double pending, double oldestPendingAgeSeconds) {

        static final Snapshot UNKNOWN = new Snapshot(Double.NaN, Double.NaN);

    }

    private final EventLog eventLog;

    private final Clock clock;

    OutboxGauges(EventLog eventLog, Clock clock, MeterRegistry meters, ObservabilityProperties properties) {
        this.eventLog = eventLog;
        this.clock = clock;
        var snapshot = new Throttled<>(this::read, properties.gauges().refreshEvery());
        Gauge.builder(PENDING, snapshot, current -> current.get().pending())
            .description("Events in the outbox not yet published to SNS")
            .strongReference(true)
            .register(meters);
        Gauge.builder(OLDEST_PENDING_AGE, snapshot, current -> current.get().oldestPendingAgeSeconds())
            .description("How long the oldest unpublished event has waited, a replayed one since its requeue "
                    + "(0 when none waits)")
            .baseUnit("seconds")
            .strongReference(true)
            .register(meters);
    }

    Snapshot read() {
        try {
            EventLog.Pending pending = eventLog.pending();
            return new Snapshot(pending.count(), pending.oldestAge(clock).toMillis() / 1000.0);
        }
        catch (DataAccessException ex) {
            log.debug("Outbox gauges not refreshed: {}", ex.toString());
            return Snapshot.UNKNOWN;
        }
    }

}

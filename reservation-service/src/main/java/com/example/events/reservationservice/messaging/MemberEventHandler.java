package com.example.events.reservationservice.messaging;

import java.time.Clock;
import java.time.Duration;

import com.example.events.reservationservice.memberreplica.ApplyOutcome;
import com.example.events.reservationservice.memberreplica.MemberReplicaUpdates;
import com.example.events.reservationservice.memberreplica.MemberStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * What one message on the queue does. Returns normally when the message may be acknowledged: applied, a
 * redelivery, older than what the replica holds, or deliberately ignored. Throws when it must come back.
 */
@Component
class MemberEventHandler {

    private static final Logger log = LoggerFactory.getLogger(MemberEventHandler.class);

    static final String APPLIED_METER = "member.events.applied";
    static final String IGNORED_METER = "member.events.ignored";
    static final String REJECTED_METER = "member.events.rejected";
    static final String PROPAGATION_METER = "member.events.propagation";
    /** On the listener's span: which event it handled (the span's own message id is the SQS one). */
    static final String EVENT_ID_TAG = "member.event.id";

    private final MemberEventReader reader;
    private final MemberReplicaUpdates replica;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObservationRegistry observations;
    private final Counter rejected;
    private final Timer propagation;

    MemberEventHandler(MemberEventReader reader, MemberReplicaUpdates replica, MeterRegistry meters, Clock clock,
            ObservationRegistry observations) {
        this.reader = reader;
        this.replica = replica;
        this.meters = meters;
        this.clock = clock;
        this.observations = observations;
        this.rejected = meters.counter(REJECTED_METER);
        // a histogram, so that percentiles can be aggregated over instances; the percentiles too, for a quick look
        this.propagation = Timer.builder(PROPAGATION_METER)
            .description("From an event's occurredAt at the producer to its effect committed here")
            .publishPercentileHistogram()
            .publishPercentiles(0.5, 0.95, 0.99)
            // buckets at the latencies an alert or SLO would name, so that "share under 250 ms" is exact
            .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(meters);
    }

    /** @throws MalformedMemberEventException for a body that is not a member event; the message is retried */
    void handle(String body) {
        MemberEvent event;
        try {
            event = reader.read(body);
        }
        catch (MalformedMemberEventException ex) {
            rejected.increment();
            throw ex;
        }
        Observation current = observations.getCurrentObservation();
        if (current != null) {
            current.highCardinalityKeyValue(EVENT_ID_TAG, event.eventId().toString());
        }
        // the trace and span ids are there already: the listener's observation put them while its span is current
        try (var eventId = MDC.putCloseable("eventId", event.eventId().toString());
                var type = MDC.putCloseable("eventType", event.eventType());
                var memberId = MDC.putCloseable("memberId", String.valueOf(event.memberId()));
                var sequence = MDC.putCloseable("sequence", String.valueOf(event.sequence()))) {
            handle(event);
        }
    }

    private void handle(MemberEvent event) {
        if (event.schemaVersion() > MemberEvent.SCHEMA_VERSION) {
            ignore(event, "newer-schema-version");
            return;
        }
        MemberStatus status = switch (event.eventType()) {
            case MemberEvent.MEMBER_REGISTERED -> MemberStatus.ACTIVE;
            case MemberEvent.MEMBER_DELETED -> MemberStatus.DELETED;
            default -> null;
        };
        if (status == null) {
            ignore(event, "unknown-event-type");
            return;
        }
        ApplyOutcome outcome = replica.apply(event.eventId(), event.memberId(), status, event.sequence());
        if (outcome == ApplyOutcome.APPLIED) {
            // apply has committed by now; a clock behind the producer's gives a negative time, which is dropped
            propagation.record(Duration.between(event.occurredAt(), clock.instant()));
        }
        meters.counter(APPLIED_METER, "eventType", event.eventType(), "outcome", outcome.name().toLowerCase())
            .increment();
        log.debug("{} {} (sequence {}) for member {}: {}", event.eventType(), event.eventId(), event.sequence(),
            event.memberId(), outcome);
    }

    // Acknowledged, counted and remembered, not crashed on: a newer producer must not stall this consumer.
    private void ignore(MemberEvent event, String reason) {
        boolean first = replica.skip(event.eventId());
        if (first) {
            meters.counter(IGNORED_METER, "eventType", event.eventType(), "reason", reason).increment();
            log.warn("Ignoring event {} of type {} with schema version {}: {}", event.eventId(), event.eventType(),
                event.schemaVersion(), reason);
        }
    }
}

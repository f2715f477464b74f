package com.example.events.reservationservice.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.example.events.reservationservice.memberreplica.ApplyOutcome;
import com.example.events.reservationservice.memberreplica.MemberChange;
import com.example.events.reservationservice.memberreplica.MemberReplicaUpdates;
import com.example.events.reservationservice.memberreplica.MemberStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Projects member events onto the member replica and counts what each did. Returns
 * normally when the messages may be acknowledged: applied, a redelivery, older than what
 * the replica holds, or not applicable by this version.
 */
@Component
class MemberReplicaProjector {

    private static final Logger log = LoggerFactory.getLogger(MemberReplicaProjector.class);

    static final String APPLIED_METER = "member.events.applied";
    static final String UNSUPPORTED_METER = "member.events.unsupported";
    static final String PROPAGATION_METER = "member.events.propagation";

    private final MemberReplicaUpdates replica;

    private final MeterRegistry meters;

    private final Clock clock;

    private final Timer propagation;

    MemberReplicaProjector(MemberReplicaUpdates replica, MeterRegistry meters, Clock clock) {
        this.replica = replica;
        this.meters = meters;
        this.clock = clock;
        // a histogram, so that percentiles can be aggregated over instances; the
        // percentiles too, for a quick look
        this.propagation = Timer.builder(PROPAGATION_METER)
            .description("From an event's occurredAt at the producer to its effect committed here")
            .publishPercentileHistogram()
            .publishPercentiles(0.5, 0.95, 0.99)
            // buckets at the latencies an alert or SLO would name, so that "share under
            // 250 ms" is exact
            .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                    Duration.ofMillis(500), Duration.ofSeconds(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(meters);
    }

    /**
     * Applies the events in one transaction (a deletion also removes the member's
     * reservations) and counts what each did.
     * @return each event's outcome, in the order given
     */
    List<ApplyOutcome> apply(List<ReceivedEvent> received) {
        List<ApplyOutcome> outcomes = replica.apply(received.stream().map(MemberReplicaProjector::change).toList());
        // committed by now; a clock behind the producer's gives a negative time, which is
        // dropped
        Instant committed = clock.instant();
        for (int i = 0; i < received.size(); i++) {
            MemberEvent.Applicable event = received.get(i).event();
            ApplyOutcome outcome = outcomes.get(i);
            if (outcome == ApplyOutcome.APPLIED) {
                propagation.record(Duration.between(event.occurredAt(), committed));
            }
            meters.counter(APPLIED_METER, "eventType", event.eventType(), "outcome", outcome.name().toLowerCase())
                .increment();
        }
        return outcomes;
    }

    private static MemberChange change(ReceivedEvent received) {
        MemberEvent.Applicable event = received.event();
        MemberStatus status = switch (event) {
            case MemberEvent.Registered registered -> MemberStatus.ACTIVE;
            // the member exists at member-service as of this sequence, whatever older
            // deletion reached us
            case MemberEvent.Snapshot snapshot -> MemberStatus.ACTIVE;
            case MemberEvent.Deleted deleted -> MemberStatus.DELETED;
        };
        return new MemberChange(event.eventId(), event.memberId(), status, event.sequence(), received.sentAt(),
                received.receivedAt(), received.logContext());
    }

    /**
     * Counted and logged at each receive, never acknowledged nor recorded in the inbox:
     * after {@code messaging.max-receive-count} receives the event waits in the
     * dead-letter queue (alarmed, listed by {@code GET /admin/dlq}) until this service
     * understands its type or version and a redrive applies it. Acknowledged, it would be
     * lost: a deletion dropped this way leaves the member's reservations for good.
     */
    void onNotApplicable(MemberEvent.NotApplicable event) {
        meters
            .counter(UNSUPPORTED_METER, "eventType", MemberEventType.tagValue(event.eventType()), "reason",
                    event.reason())
            .increment();
        log.warn(
                "Cannot apply event {} of type {} with schema version {} ({}); leaving it for the dead-letter "
                        + "queue, where a redrive applies it once this service understands it",
                event.eventId(), UntrustedText.forLog(event.eventType()), event.schemaVersion(), event.reason());
    }

}

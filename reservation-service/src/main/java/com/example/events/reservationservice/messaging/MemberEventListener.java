package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.database.DatabaseFailures;
import com.example.events.reservationservice.memberreplica.ApplyOutcome;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.BatchVisibility;
import io.awspring.cloud.sqs.listener.QueueMessageVisibility;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * The entry point of this service's queue, configured by
 * {@link MemberEventsListenerConfiguration}: takes the messages of one receive (up to
 * ten), parses each, and applies the member events among them in one transaction
 * ({@link MemberReplicaProjector}). Should that transaction fail for a reason that is not
 * the database's, they are applied again one at a time, so that a message that cannot be
 * applied fails alone. Only the messages whose transaction committed are acknowledged
 * (deleted from the queue, batched with others); any other, an event of a type or schema
 * version this version cannot apply included, stays on the queue to be received again
 * once its visibility timeout passes, and after {@code messaging.max-receive-count}
 * receives SQS moves it to the dead-letter queue. A failure of the database is not the
 * messages': they are kept and applied again ({@link DatabaseRetry}).
 *
 * <p>
 * The event type is read from the body; the message attributes are for the subscription's
 * filter policy and the trace: each message is handled inside a consumer span of its own
 * that continues the trace of its {@code traceparent} attribute, and the outcome of each
 * (applied, a redelivery, older than the replica, not applicable, failed) is logged
 * inside its span.
 */
@Component
class MemberEventListener {

    static final String ID = "member-events";

    private static final Logger log = LoggerFactory.getLogger(MemberEventListener.class);

    static final String IN_FLIGHT_METER = "member.events.in.flight";
    static final String REJECTED_METER = "member.events.rejected";

    /**
     * On the listener's span: which event it handled (the span's own message id is the
     * SQS one).
     */
    static final String EVENT_ID_TAG = "member.event.id";

    /**
     * The observation Spring Cloud AWS's container gives a message it hands out alone.
     */
    private static final SqsListenerObservation.SqsSpecifics SQS_OBSERVATION = new SqsListenerObservation.SqsSpecifics();

    private final MemberEventParser parser;

    private final MemberReplicaProjector projector;

    private final DatabaseRetry retry;

    private final InFlightVisibility visibilityKeeper;

    private final ObservationRegistry observations;

    private final Counter rejected;

    // Backpressure made visible: never above the container's max-concurrent-messages.
    private final AtomicInteger inFlight;

    MemberEventListener(MemberEventParser parser, MemberReplicaProjector projector, DatabaseRetry retry,
            InFlightVisibility visibilityKeeper, MeterRegistry meters, ObservationRegistry observations) {
        this.parser = parser;
        this.projector = projector;
        this.retry = retry;
        this.visibilityKeeper = visibilityKeeper;
        this.observations = observations;
        this.rejected = meters.counter(REJECTED_METER);
        this.inFlight = meters.gauge(IN_FLIGHT_METER, new AtomicInteger());
    }

    @SqsListener(value = "${messaging.queue-name}", id = ID, factory = MemberEventsListenerConfiguration.FACTORY)
    void onMessages(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
        inFlight.addAndGet(messages.size());
        List<InHand> received = new ArrayList<>(messages.size());
        try {
            messages.forEach(message -> received.add(receive(message)));
            List<InHand> applicable = received.stream().filter(InHand::isApplicable).toList();
            if (!applicable.isEmpty()) {
                visibilityKeeper.whileHandling(visibilityOf(applicable), () -> apply(applicable));
            }
            List<Message<String>> done = received.stream().filter(InHand::isDone).map(InHand::message).toList();
            if (!done.isEmpty()) {
                acknowledgement.acknowledge(done);
            }
        }
        finally {
            received.forEach(InHand::end);
            inFlight.addAndGet(-messages.size());
        }
    }

    /** Starts the message's span and parses it; a message not applied here is done. */
    private InHand receive(Message<String> message) {
        InHand inHand = new InHand(message,
                SQS_OBSERVATION.getDocumentation()
                    .start(null, SQS_OBSERVATION.getDefaultConvention(), () -> SQS_OBSERVATION.createContext(message),
                            observations));
        try (Observation.Scope scope = inHand.observation.openScope()) {
            inHand.event = parser.parse(message.getPayload());
        }
        catch (MalformedMemberEventException ex) {
            rejected.increment();
            inHand.failure = ex;
            inHand.within(() -> log.warn(
                    "Message {} (receive {}) is not a member event, leaving it for redelivery or the dead-letter "
                            + "queue: {}",
                    message.getHeaders().getId(),
                    message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
                    UntrustedText.forLog(ex.getMessage(), UntrustedText.MAX_REASON_LENGTH)));
            return inHand;
        }
        inHand.observation.highCardinalityKeyValue(EVENT_ID_TAG, inHand.event.eventId().toString());
        if (inHand.event instanceof MemberEvent.NotApplicable notApplicable) {
            inHand.within(() -> projector.onNotApplicable(notApplicable));
            inHand.failure = new UnsupportedMemberEventException(notApplicable);
        }
        return inHand;
    }

    private void apply(List<InHand> applicable) {
        try {
            List<ApplyOutcome> outcomes = retry
                .untilApplied(() -> projector.apply(applicable.stream().map(InHand::received).toList()));
            for (int i = 0; i < applicable.size(); i++) {
                applicable.get(i).applied(outcomes.get(i));
            }
        }
        catch (RuntimeException ex) {
            if (DatabaseFailures.classify(ex).isPresent()) {
                giveBack(applicable, ex);
                return;
            }
            if (applicable.size() == 1) {
                applicable.getFirst().failed(ex);
                return;
            }
            log.warn("Applying {} events in one transaction failed ({}); applying them one at a time",
                    applicable.size(), ex.toString());
            applyOneAtATime(applicable);
        }
    }

    private void applyOneAtATime(List<InHand> applicable) {
        for (int i = 0; i < applicable.size(); i++) {
            InHand one = applicable.get(i);
            try {
                one.applied(retry.untilApplied(() -> projector.apply(List.of(one.received()))).getFirst());
            }
            catch (RuntimeException ex) {
                if (DatabaseFailures.classify(ex).isPresent()) {
                    giveBack(applicable.subList(i, applicable.size()), ex);
                    return;
                }
                one.failed(ex);
            }
        }
    }

    /**
     * The listener is stopping while the database fails: the messages go back to the
     * queue, for this or another instance to apply.
     */
    private static void giveBack(List<InHand> unapplied, RuntimeException failure) {
        unapplied.forEach(one -> one.failure = failure);
        log.info("Stopping while the database fails ({}); {} message(s) go back to the queue", failure.toString(),
                unapplied.size());
    }

    private static BatchVisibility visibilityOf(List<InHand> applicable) {
        List<Message<?>> messages = applicable.stream().<Message<?>>map(InHand::message).toList();
        return messages.getFirst()
            .getHeaders()
            .get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, QueueMessageVisibility.class)
            .toBatchVisibility(messages);
    }

    /** One message of a receive, from its receipt until its span ends. */
    private static final class InHand {

        private final Message<String> message;

        private final Observation observation;

        private MemberEvent event;

        private RuntimeException failure;

        private boolean done;

        private ReceivedEvent received;

        private InHand(Message<String> message, Observation observation) {
            this.message = message;
            this.observation = observation;
        }

        Message<String> message() {
            return message;
        }

        boolean isApplicable() {
            return event instanceof MemberEvent.Applicable;
        }

        boolean isDone() {
            return done;
        }

        /** Made once, however often a retry applies it again. */
        ReceivedEvent received() {
            if (received == null) {
                received = receivedNow();
            }
            return received;
        }

        private ReceivedEvent receivedNow() {
            Object sent = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP);
            Map<String, String> logContext = new HashMap<>();
            within(() -> {
                Map<String, String> inSpan = MDC.getCopyOfContextMap();
                if (inSpan != null) {
                    logContext.putAll(inSpan);
                }
            });
            return new ReceivedEvent((MemberEvent.Applicable) event,
                    sent instanceof String millis ? Instant.ofEpochMilli(Long.parseLong(millis)) : null,
                    message.getHeaders().get(SqsHeaders.SQS_RECEIVED_AT_HEADER, Instant.class), logContext);
        }

        void applied(ApplyOutcome outcome) {
            done = true;
            MemberEvent.Applicable applied = (MemberEvent.Applicable) event;
            within(() -> {
                switch (outcome) {
                    case DUPLICATE ->
                        log.debug("Event {} was applied before; ignoring the redelivery", applied.eventId());
                    case STALE -> log.info(
                            "Event {} (sequence {}) for member {} is older than what the replica holds; nothing changes",
                            applied.eventId(), applied.sequence(), applied.memberId());
                    case APPLIED -> log.debug("{} {} (sequence {}) for member {}: {}", applied.eventType(),
                            applied.eventId(), applied.sequence(), applied.memberId(), outcome);
                }
            });
        }

        void failed(RuntimeException ex) {
            failure = ex;
            within(() -> log.error("Event {} could not be applied; leaving it for redelivery or the dead-letter queue",
                    event.eventId(), ex));
        }

        /**
         * Runs {@code work} inside the message's span, with the event's fields in the MDC
         * (structured logs show them as fields; the trace and span ids are there
         * already).
         */
        void within(Runnable work) {
            Map<String, String> context = logContext();
            try (Observation.Scope scope = observation.openScope()) {
                context.forEach(MDC::put);
                try {
                    work.run();
                }
                finally {
                    context.keySet().forEach(MDC::remove);
                }
            }
        }

        private Map<String, String> logContext() {
            Map<String, String> context = new LinkedHashMap<>();
            if (event == null) {
                return context;
            }
            context.put("eventId", event.eventId().toString());
            context.put("eventType", UntrustedText.forLog(event.eventType()));
            if (event instanceof MemberEvent.Applicable applicable) {
                context.put("memberId", applicable.memberId().toString());
                context.put("sequence", Long.toString(applicable.sequence()));
            }
            return context;
        }

        void end() {
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }

    }

}

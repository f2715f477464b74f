package com.example.events.reservationservice.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
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
 * {@link MemberEventsListenerConfiguration}: parses each message and hands it to the
 * {@link MemberReplicaProjector} method of its type. A message is acknowledged (deleted
 * from the queue, batched with others) only after this returns, that is after its
 * transaction has committed; a thrown exception leaves it on the queue to be received
 * again once its visibility timeout passes, and after {@code messaging.max-receive-count}
 * receives SQS moves it to the dead-letter queue. A failure of the database is not the
 * message's: the message is kept and applied again ({@link DatabaseRetry}). The event
 * type is read from the body; the message attributes are for the subscription's filter
 * policy and the trace ({@code traceparent}), which the container's observation
 * continues: each message is handled inside a consumer span of the producer's trace.
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

    /**
     * @throws MalformedMemberEventException for a body that is not a member event; the
     * message is retried
     */
    @SqsListener(value = "${messaging.queue-name}", id = ID, factory = MemberEventsListenerConfiguration.FACTORY)
    void onMessage(Message<String> message, Visibility visibility) {
        inFlight.incrementAndGet();
        try {
            MemberEvent event = parse(message);
            Observation observation = observations.getCurrentObservation(); // the
                                                                            // container's,
                                                                            // with the
                                                                            // span
            if (observation != null) {
                observation.highCardinalityKeyValue(EVENT_ID_TAG, event.eventId().toString());
            }
            // the trace and span ids are in the MDC already, put there while the
            // listener's span is current
            Map<String, String> logContext = logContext(event);
            logContext.forEach(MDC::put);
            try {
                visibilityKeeper.whileHandling(visibility, () -> retry.untilApplied(() -> project(event)));
            }
            finally {
                logContext.keySet().forEach(MDC::remove);
            }
        }
        finally {
            inFlight.decrementAndGet();
        }
    }

    private void project(MemberEvent event) {
        switch (event) {
            case MemberEvent.Registered registered -> projector.onRegistered(registered);
            case MemberEvent.Deleted deleted -> projector.onDeleted(deleted);
            case MemberEvent.NotApplicable notApplicable -> projector.onNotApplicable(notApplicable);
        }
    }

    // fields of every log line written while the event is handled (structured logs show
    // them as fields)
    private static Map<String, String> logContext(MemberEvent event) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("eventId", event.eventId().toString());
        context.put("eventType", UntrustedText.forLog(event.eventType()));
        if (event instanceof MemberEvent.Applicable applicable) {
            context.put("memberId", applicable.memberId().toString());
            context.put("sequence", Long.toString(applicable.sequence()));
        }
        return context;
    }

    private MemberEvent parse(Message<String> message) {
        try {
            return parser.parse(message.getPayload());
        }
        catch (MalformedMemberEventException ex) {
            rejected.increment();
            log.warn(
                    "Message {} (receive {}) is not a member event, leaving it for redelivery or the dead-letter "
                            + "queue: {}",
                    message.getHeaders().getId(),
                    message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
                    UntrustedText.forLog(ex.getMessage(), UntrustedText.MAX_REASON_LENGTH));
            throw ex;
        }
    }

}

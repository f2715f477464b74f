package com.example.events.reservationservice.messaging;

import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Consumes this service's queue, configured by {@link MemberEventsListenerConfiguration}. A message is acknowledged
 * (deleted from the queue, batched with others) only after the listener returns, that is after its transaction has
 * committed; a thrown exception leaves it on the queue to be received again once its visibility timeout passes, and
 * after {@code messaging.max-receive-count} receives SQS moves it to the dead-letter queue. The event type is read
 * from the body; the message attributes are only for the subscription's filter policy.
 */
@Component
class MemberEventListener {

    static final String ID = "member-events";

    private static final Logger log = LoggerFactory.getLogger(MemberEventListener.class);

    static final String IN_FLIGHT_METER = "member.events.in.flight";

    private final MemberEventHandler handler;
    // Backpressure made visible: never above the container's max-concurrent-messages.
    private final AtomicInteger inFlight;

    MemberEventListener(MemberEventHandler handler, MeterRegistry meters) {
        this.handler = handler;
        this.inFlight = meters.gauge(IN_FLIGHT_METER, new AtomicInteger());
    }

    @SqsListener(value = "${messaging.queue-name}", id = ID, factory = MemberEventsListenerConfiguration.FACTORY)
    void onMessage(Message<String> message) {
        inFlight.incrementAndGet();
        try {
            handler.handle(message.getPayload());
        }
        catch (MalformedMemberEventException ex) {
            log.warn("Message {} (receive {}) is not a member event, leaving it for redelivery or the dead-letter "
                    + "queue: {}", message.getHeaders().getId(),
                message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
                ex.getMessage());
            throw ex;
        }
        finally {
            inFlight.decrementAndGet();
        }
    }
}

package com.example.events.reservationservice.observability;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import com.example.events.reservationservice.messaging.MessagingProperties;
import com.example.platform.health.BrokerHealthProperties;
import com.example.platform.health.Throttled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Messages waiting in the queue and in its dead-letter queue, visible plus in flight
 * (SQS's approximate counts). Asked of SQS at most once per
 * {@code observability.gauges.refresh-every} however often Prometheus scrapes; NaN while
 * SQS cannot be asked.
 */
@Component
class QueueDepthGauges {

    static final String QUEUE_DEPTH = "member.events.queue.depth";
    static final String DLQ_DEPTH = "member.events.dlq.depth";

    private static final Logger log = LoggerFactory.getLogger(QueueDepthGauges.class);

    private final QueueAttributes queues;

    private final ObservabilityProperties properties;

    private final BrokerHealthProperties brokerHealth;

    QueueDepthGauges(QueueAttributes queues, MessagingProperties messaging, ObservabilityProperties properties,
            BrokerHealthProperties brokerHealth, MeterRegistry meters) {
        this.queues = queues;
        this.properties = properties;
        this.brokerHealth = brokerHealth;
        register(meters, QUEUE_DEPTH, messaging.queueName(), "Member events waiting in the queue or being handled");
        register(meters, DLQ_DEPTH, messaging.deadLetterQueueName(),
                "Member events that failed maxReceiveCount times and wait in the dead-letter queue");
    }

    private void register(MeterRegistry meters, String name, String queueName, String description) {
        var depth = new Throttled<>(() -> depth(queueName), properties.gauges().refreshEvery());
        Gauge.builder(name, depth, Throttled::get)
            .tag("queue", queueName)
            .description(description)
            .strongReference(true)
            .register(meters);
    }

    private double depth(String queueName) {
        try {
            Map<QueueAttributeName, String> attributes = queues.get(queueName, brokerHealth.timeout(),
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                    + Long.parseLong(attributes
                        .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            log.debug("Depth of {} unknown: {}", queueName, ex.toString());
            return Double.NaN;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

}

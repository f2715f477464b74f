package com.example.events.reservationservice.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.example.events.reservationservice.messaging.MessagingProperties;
import com.example.platform.health.BrokerProbe;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The {@code broker} readiness check asks for the queue's attributes. The REST API works
 * without SQS, but an instance that cannot consume lets its replica of members grow
 * stale, so it should not take traffic while another can.
 */
@Component
class QueueProbe implements BrokerProbe {

    private final QueueAttributes queues;

    private final String queueName;

    QueueProbe(QueueAttributes queues, MessagingProperties messaging) {
        this.queues = queues;
        this.queueName = messaging.queueName();
    }

    @Override
    public String broker() {
        return "SQS";
    }

    @Override
    public Map<String, Object> check(Duration timeout) throws Exception {
        try {
            queues.get(queueName, timeout, QueueAttributeName.QUEUE_ARN);
        }
        catch (ExecutionException ex) {
            // the SDK's reason is what an operator needs to read
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }
        return Map.of("queue", queueName);
    }

}

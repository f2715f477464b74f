package com.example.events.reservationservice.observability;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import com.example.events.reservationservice.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code broker} in the readiness group: UP while the queue answers GetQueueAttributes.
 * The REST API works without SQS, but an instance that cannot consume lets its replica of
 * members grow stale, so it should not take traffic while another can. Liveness leaves it
 * out: restarting would not bring SQS back.
 */
@Component
class BrokerHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BrokerHealthIndicator.class);

    private final QueueAttributes queues;

    private final String queueName;

    private final Duration timeout;

    private final Throttled<Health> health;

    private volatile Status lastStatus;

    BrokerHealthIndicator(QueueAttributes queues, MessagingProperties messaging, ObservabilityProperties properties) {
        this.queues = queues;
        this.queueName = messaging.queueName();
        this.timeout = properties.brokerHealth().timeout();
        this.health = new Throttled<>(this::check, properties.brokerHealth().cacheFor());
    }

    @Override
    public Health health() {
        return health.get();
    }

    private Health check() {
        Health result;
        try {
            queues.get(queueName, timeout, QueueAttributeName.QUEUE_ARN);
            result = Health.up().withDetail("queue", queueName).build();
        }
        catch (TimeoutException ex) {
            result = Health.down()
                .withDetail("error", "SQS did not answer within " + timeout.toMillis() + " ms")
                .build();
        }
        catch (ExecutionException ex) {
            result = Health.down(ex.getCause()).build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            result = Health.unknown().build();
        }
        logChange(result);
        return result;
    }

    private void logChange(Health result) {
        Status previous = lastStatus;
        lastStatus = result.getStatus();
        if (previous == null || previous.equals(result.getStatus())) {
            return;
        }
        if (Status.UP.equals(result.getStatus())) {
            log.info("Broker reachable again: ready");
        }
        else {
            log.warn("Broker health {}, not ready: {}", result.getStatus(), result.getDetails());
        }
    }

}

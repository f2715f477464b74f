package com.example.events.reservationservice.observability;

import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue and dead-letter queue depths as an operator's Prometheus sees them. */
class QueueDepthGaugesIT extends IntegrationTestSupport {

    @Autowired
    MessageListenerContainerRegistry containers;

    @Test
    void messagesWaitingInTheDeadLetterQueueAreScraped() {
        sqs.sendMessage(request -> request.queueUrl(deadLetterQueueUrl()).messageBody("dead letter one"));
        sqs.sendMessage(request -> request.queueUrl(deadLetterQueueUrl()).messageBody("dead letter two"));

        eventually().untilAsserted(() -> assertThat(scrape("member_events_dlq_depth")).isEqualTo(2));
    }

    @Test
    void messagesWaitingInTheQueueAreScrapedUntilTheConsumerTakesThem() {
        MessageListenerContainer<?> listener = containers.getListenerContainers().iterator().next();
        listener.stop();
        try {
            for (int sequence = 1; sequence <= 3; sequence++) {
                publish(registered(sequence, UUID.randomUUID()));
            }
            eventually().untilAsserted(() -> assertThat(scrape("member_events_queue_depth")).isEqualTo(3));
        }
        finally {
            listener.start();
        }
        eventually().untilAsserted(() -> assertThat(scrape("member_events_queue_depth")).isZero());
    }

    private double scrape(String metric) {
        return get("/actuator/prometheus").text()
            .lines()
            .filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
            .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError(metric + " not on /actuator/prometheus"));
    }

}

package com.example.events.reservationservice.messaging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The messaging topology this service owns, by name (the infra code creates the same
 * names on AWS).
 *
 * @param topicName member-service's topic the queue is subscribed to
 * @param queueName this service's queue of member events
 * @param deadLetterQueueName where a message goes after {@code maxReceiveCount} failed
 * receives
 * @param visibilityTimeoutSeconds how long a received message stays hidden before SQS
 * delivers it again
 * @param messageRetentionSeconds how long the queue and the dead-letter queue keep a
 * message nobody deleted
 * @param provision create topic, queues and subscription at start-up (local runs and
 * tests); never on AWS
 * @param subscriberName this service's name as a subscriber of the topic: an event
 * replayed for one subscriber reaches this queue only when it is addressed to this name
 */
@Validated
@ConfigurationProperties("messaging")
public record MessagingProperties(@NotBlank String topicName, @NotBlank String queueName,
        @NotBlank String deadLetterQueueName, @Min(1) int maxReceiveCount, @Min(0) int visibilityTimeoutSeconds,
        @Min(60) @Max(1209600) int messageRetentionSeconds, boolean provision, @NotBlank String subscriberName) {
}

package com.example.events.localsystem.console;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.example.events.localsystem.Broker;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The broker as an operator sees it: the queues' attributes, and the topic, to which a
 * faulty producer can publish a message no consumer can apply.
 */
final class BrokerQueues implements AutoCloseable {

    static final String TOPIC = "member-events";

    static final String QUEUE = "reservation-member-events";

    static final String DEAD_LETTER_QUEUE = "reservation-member-events-dlq";

    private static final AwsRequestOverrideConfiguration BOUNDED = AwsRequestOverrideConfiguration.builder()
        .apiCallTimeout(Duration.ofSeconds(2))
        .build();

    /**
     * @param visible messages waiting to be received
     * @param inFlight received and neither deleted nor visible again yet
     * @param problem why there are no numbers, or null
     */
    record Depth(Long visible, Long inFlight, String problem) {

        /** Every message in the queue, or null. */
        Long total() {
            return visible == null ? null : visible + inFlight;
        }

    }

    private final SqsClient sqs;

    private final SnsClient sns;

    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    BrokerQueues(Broker broker) {
        this.sqs = broker.sqsClient();
        this.sns = broker.snsClient();
    }

    Depth depth(String queue) {
        try {
            String url = queueUrls.computeIfAbsent(queue,
                    name -> sqs.getQueueUrl(request -> request.queueName(name).overrideConfiguration(BOUNDED))
                        .queueUrl());
            Map<QueueAttributeName, String> attributes = sqs
                .getQueueAttributes(request -> request.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                    .overrideConfiguration(BOUNDED))
                .attributes();
            return new Depth(
                    Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                    Long.parseLong(attributes
                        .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                    null);
        }
        catch (QueueDoesNotExistException ex) {
            queueUrls.remove(queue);
            return new Depth(null, null, "not created yet (reservation-service creates it when it starts)");
        }
        catch (SdkException ex) {
            queueUrls.remove(queue);
            return new Depth(null, null, "the broker did not answer");
        }
    }

    /**
     * Publishes a message with a valid event type but no sequence, time or member: the
     * subscription lets it through, the consumer rejects it on every receive, and SQS
     * moves it to the dead-letter queue after maxReceiveCount receives.
     * @return the poison event's id
     */
    String publishPoison() {
        String topicArn = topicArn();
        if (topicArn == null) {
            throw new IllegalStateException("there is no topic " + TOPIC + " yet");
        }
        String eventId = UUID.randomUUID().toString();
        String body = """
                {"eventId": "%s", "eventType": "MemberDeleted", "schemaVersion": 1, "poison": "no sequence, occurredAt or memberId"}"""
            .formatted(eventId);
        sns.publish(request -> request.topicArn(topicArn)
            .message(body)
            .messageAttributes(Map.of("eventType",
                    MessageAttributeValue.builder().dataType("String").stringValue("MemberDeleted").build()))
            .overrideConfiguration(BOUNDED));
        return eventId;
    }

    /** Whether the topic exists; false too when the broker does not answer. */
    boolean topicExists() {
        try {
            return topicArn() != null;
        }
        catch (SdkException ex) {
            return false;
        }
    }

    /**
     * Whether that queue exists and is subscribed to the topic; false too when the broker
     * does not answer.
     */
    boolean subscribed(String queue) {
        try {
            String topicArn = topicArn();
            return topicArn != null && depth(queue).problem() == null && sns
                .listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn).overrideConfiguration(BOUNDED))
                .subscriptions()
                .stream()
                .anyMatch(subscription -> subscription.endpoint().endsWith(":" + queue));
        }
        catch (SdkException ex) {
            return false;
        }
    }

    private String topicArn() {
        return sns.listTopicsPaginator(request -> request.overrideConfiguration(BOUNDED))
            .topics()
            .stream()
            .map(Topic::topicArn)
            .filter(arn -> arn.endsWith(":" + TOPIC))
            .findFirst()
            .orElse(null);
    }

    @Override
    public void close() {
        sqs.close();
        sns.close();
    }

}

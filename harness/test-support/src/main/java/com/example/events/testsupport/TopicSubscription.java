package com.example.events.testsupport;

import com.example.events.localsystem.Broker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue of the test's own, subscribed to a topic with raw message delivery: what any
 * new consumer team would do, and how a test sees exactly what was published.
 */
public final class TopicSubscription implements AutoCloseable {

    private final SnsClient sns;

    private final SqsClient sqs;

    private final String queueUrl;

    private final String subscriptionArn;

    private TopicSubscription(SnsClient sns, SqsClient sqs, String queueUrl, String subscriptionArn) {
        this.sns = sns;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.subscriptionArn = subscriptionArn;
    }

    /**
     * Creates the topic if needed, a fresh queue, and subscribes the queue to the topic.
     */
    public static TopicSubscription subscribe(Broker broker, String topicName) {
        return subscribe(broker.snsClient(), broker.sqsClient(), topicName);
    }

    /** As {@link #subscribe(Broker, String)}, with clients it takes over (and closes). */
    public static TopicSubscription subscribe(SnsClient sns, SqsClient sqs, String topicName) {
        return subscribe(sns, sqs, topicName, "test-" + topicName, Map.of("RawMessageDelivery", "true"));
    }

    /**
     * A subscriber's queue as {@code contracts/member-events} subscribes one: raw
     * delivery, and the filter policy that lets through every live event and the replays
     * for {@code subscriber} alone (those without {@code replayFor} or with its name).
     */
    public static TopicSubscription subscribeAs(Broker broker, String topicName, String subscriber) {
        String filterPolicy = """
                {"eventType": ["MemberRegistered", "MemberDeleted", "MemberSnapshot"],
                 "$or": [{"replayFor": [{"exists": false}]}, {"replayFor": ["%s"]}]}""".formatted(subscriber);
        return subscribe(broker.snsClient(), broker.sqsClient(), topicName, "test-" + subscriber, Map
            .of("RawMessageDelivery", "true", "FilterPolicyScope", "MessageAttributes", "FilterPolicy", filterPolicy));
    }

    private static TopicSubscription subscribe(SnsClient sns, SqsClient sqs, String topicName, String queuePrefix,
            Map<String, String> subscriptionAttributes) {
        String topicArn = sns.createTopic(request -> request.name(topicName)).topicArn();
        String queueName = queuePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String queueUrl = sqs.createQueue(request -> request.queueName(queueName)).queueUrl();
        String queueArn = sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
        String subscriptionArn = sns
            .subscribe(request -> request.topicArn(topicArn)
                .protocol("sqs")
                .endpoint(queueArn)
                .attributes(subscriptionAttributes)
                .returnSubscriptionArn(true))
            .subscriptionArn();
        return new TopicSubscription(sns, sqs, queueUrl, subscriptionArn);
    }

    public String queueUrl() {
        return queueUrl;
    }

    /**
     * Receives (and deletes) until {@code count} messages have arrived or the timeout
     * passes.
     */
    public List<Message> receive(int count, Duration timeout) {
        List<Message> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (received.size() < count && Instant.now().isBefore(deadline)) {
            received.addAll(receiveBatch(1));
        }
        return received;
    }

    /** Everything that arrives until the queue has been quiet for {@code quiet}. */
    public List<Message> drain(Duration quiet) {
        List<Message> received = new ArrayList<>();
        Instant quietUntil = Instant.now().plus(quiet);
        while (Instant.now().isBefore(quietUntil)) {
            List<Message> batch = receiveBatch(1);
            if (!batch.isEmpty()) {
                received.addAll(batch);
                quietUntil = Instant.now().plus(quiet);
            }
        }
        return received;
    }

    private List<Message> receiveBatch(int waitSeconds) {
        List<Message> messages = sqs
            .receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)
                .messageAttributeNames("All")
                .messageSystemAttributeNamesWithStrings("All"))
            .messages();
        for (Message message : messages) {
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return messages;
    }

    @Override
    public void close() {
        sns.unsubscribe(request -> request.subscriptionArn(subscriptionArn));
        sqs.deleteQueue(request -> request.queueUrl(queueUrl));
        sns.close();
        sqs.close();
    }

}

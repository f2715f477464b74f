package com.example.events.reservationservice.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, idempotently, what this service owns on the broker: the dead-letter queue, the
 * queue (both keeping messages {@code message-retention-seconds}; visibility timeout,
 * redrive to the DLQ after {@code max-receive-count} receives, a policy letting only the
 * topic send to it) and the queue's subscription to the topic (raw delivery, a filter
 * policy on message attributes: the consumed event types, and only replays addressed to
 * no subscriber or to {@code messaging.subscriber-name}). The topic is member-service's;
 * CreateTopic only looks it up, creating it when the producer has not started yet. Used
 * for local runs and tests; on AWS the infra code creates the same resources.
 */
@Component
class MessagingTopology {

    static final List<String> CONSUMED_EVENT_TYPES = MemberEventType.wireNames();

    /**
     * Message attribute of an event replayed for one subscriber only: that subscriber's
     * name.
     */
    static final String REPLAY_FOR = "replayFor";

    private static final Logger log = LoggerFactory.getLogger(MessagingTopology.class);

    private final MessagingProperties properties;

    private final SnsClient sns;

    private final SqsAsyncClient sqs;

    private final JsonMapper json;

    MessagingTopology(MessagingProperties properties, SnsClient sns, SqsAsyncClient sqs, JsonMapper json) {
        this.properties = properties;
        this.sns = sns;
        this.sqs = sqs;
        this.json = json;
    }

    /**
     * Safe to run any number of times, by any number of instances: every step leaves an
     * existing resource as is.
     */
    void provision() {
        String topicArn = sns.createTopic(request -> request.name(properties.topicName())).topicArn();
        String retention = Integer.toString(properties.messageRetentionSeconds());
        String deadLetterQueueUrl = createQueue(properties.deadLetterQueueName());
        sqs.setQueueAttributes(request -> request.queueUrl(deadLetterQueueUrl)
            .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention))).join();
        String deadLetterQueueArn = queueArn(deadLetterQueueUrl);
        String queueUrl = createQueue(properties.queueName());
        String queueArn = queueArn(queueUrl);
        sqs.setQueueAttributes(request -> request.queueUrl(queueUrl)
            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                    Integer.toString(properties.visibilityTimeoutSeconds()),
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention, QueueAttributeName.REDRIVE_POLICY,
                    redrivePolicy(deadLetterQueueArn), QueueAttributeName.POLICY, queuePolicy(queueArn, topicArn))))
            .join();
        String subscriptionArn = subscribe(topicArn, queueArn);
        log.info("Provisioned {} -> {} (subscription {}), dead letters to {} after {} receives", properties.topicName(),
                properties.queueName(), subscriptionArn, properties.deadLetterQueueName(),
                properties.maxReceiveCount());
    }

    /**
     * Whether the queue (with its redrive), the dead-letter queue and the queue's
     * subscription are on the broker; false when any is missing, as after a restart of a
     * broker that keeps nothing.
     * @throws CompletionException or an SDK exception when the broker cannot be asked
     */
    boolean isInPlace() {
        try {
            String queueUrl = sqs.getQueueUrl(request -> request.queueName(properties.queueName())).join().queueUrl();
            Map<QueueAttributeName, String> queue = sqs
                .getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY))
                .join()
                .attributes();
            if (!queue.containsKey(QueueAttributeName.REDRIVE_POLICY)) {
                return false;
            }
            sqs.getQueueUrl(request -> request.queueName(properties.deadLetterQueueName())).join();
            String queueArn = queue.get(QueueAttributeName.QUEUE_ARN);
            return sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn(queueArn)))
                .subscriptions()
                .stream()
                .anyMatch(subscription -> "sqs".equals(subscription.protocol())
                        && queueArn.equals(subscription.endpoint()));
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof QueueDoesNotExistException) {
                return false;
            }
            throw ex;
        }
        catch (NotFoundException ex) {
            return false; // the topic
        }
    }

    /** The topic's ARN, in the queue's region and account, without creating it. */
    private String topicArn(String queueArn) {
        String[] parts = queueArn.split(":");
        return String.join(":", parts[0], parts[1], "sns", parts[3], parts[4], properties.topicName());
    }

    Map<String, String> subscriptionAttributes() {
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("RawMessageDelivery", "true");
        attributes.put("FilterPolicyScope", "MessageAttributes");
        attributes.put("FilterPolicy", json.writeValueAsString(filterPolicy()));
        return attributes;
    }

    // Ordered, so that the policy is the same string on every start and an unchanged
    // subscription is left alone.
    private Map<String, Object> filterPolicy() {
        var policy = new LinkedHashMap<String, Object>();
        policy.put("eventType", CONSUMED_EVENT_TYPES);
        policy.put("$or", List.of(Map.of(REPLAY_FOR, List.of(Map.of("exists", false))),
                Map.of(REPLAY_FOR, List.of(properties.subscriberName()))));
        return policy;
    }

    // An existing queue is looked up rather than created again: CreateQueue refuses a
    // name whose queue has other
    // attributes on some brokers. Its attributes are then set explicitly.
    private String createQueue(String name) {
        try {
            return sqs.getQueueUrl(request -> request.queueName(name)).join().queueUrl();
        }
        catch (CompletionException ex) {
            if (!(ex.getCause() instanceof QueueDoesNotExistException)) {
                throw ex;
            }
        }
        return sqs.createQueue(request -> request.queueName(name)).join().queueUrl();
    }

    private String queueArn(String queueUrl) {
        return sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .join()
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    }

    private String redrivePolicy(String deadLetterQueueArn) {
        return json.writeValueAsString(
                Map.of("deadLetterTargetArn", deadLetterQueueArn, "maxReceiveCount", properties.maxReceiveCount()));
    }

    /** Only our topic may send to our queue. */
    private String queuePolicy(String queueArn, String topicArn) {
        return json.writeValueAsString(Map.of("Version", "2012-10-17", "Statement",
                List.of(Map.of("Sid", "member-events-topic-only", "Effect", "Allow", "Principal",
                        Map.of("Service", "sns.amazonaws.com"), "Action", "sqs:SendMessage", "Resource", queueArn,
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", topicArn))))));
    }

    // Subscribe is idempotent only for identical attributes, so an existing subscription
    // is updated in place.
    private String subscribe(String topicArn, String queueArn) {
        Map<String, String> wanted = subscriptionAttributes();
        for (Subscription existing : sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn))
            .subscriptions()) {
            if ("sqs".equals(existing.protocol()) && queueArn.equals(existing.endpoint())) {
                Map<String, String> current = sns
                    .getSubscriptionAttributes(request -> request.subscriptionArn(existing.subscriptionArn()))
                    .attributes();
                wanted.forEach((name, value) -> {
                    if (!value.equals(current.get(name))) {
                        sns.setSubscriptionAttributes(request -> request.subscriptionArn(existing.subscriptionArn())
                            .attributeName(name)
                            .attributeValue(value));
                    }
                });
                return existing.subscriptionArn();
            }
        }
        return sns
            .subscribe(request -> request.topicArn(topicArn)
                .protocol("sqs")
                .endpoint(queueArn)
                .attributes(wanted)
                .returnSubscriptionArn(true))
            .subscriptionArn();
    }

}

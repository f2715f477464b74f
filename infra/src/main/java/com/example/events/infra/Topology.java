package com.example.events.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messaging topology as the services know it locally ({@code messaging.*} in their
 * application.yml). Every stack takes its names and redelivery settings from here, and
 * TopologyDriftTest fails when this and the YAML files disagree.
 *
 * @param messageRetentionSeconds how long the queue and its dead-letter queue keep a
 * message
 * @param replayAttribute message attribute naming the one subscriber a replayed event is
 * for
 * @param subscriberName the reservation service's name as a subscriber
 * ({@code messaging.subscriber-name})
 */
public record Topology(String topicName, String queueName, String deadLetterQueueName, int maxReceiveCount,
        int visibilityTimeoutSeconds, int messageRetentionSeconds, String eventTypeAttribute, List<String> eventTypes,
        String replayAttribute, String subscriberName) {

    public static final Topology MEMBER_EVENTS = new Topology("member-events", "reservation-member-events",
            "reservation-member-events-dlq", 3, 30, 1209600, "eventType",
            List.of("MemberRegistered", "MemberDeleted", "MemberSnapshot"), "replayFor", "reservation");

    public Topology {
        eventTypes = List.copyOf(eventTypes);
    }

    /**
     * The same topology with the names a deployment gives it (see DeploymentSettings).
     */
    public Topology qualified(DeploymentSettings settings) {
        return new Topology(settings.qualify(topicName), settings.qualify(queueName),
                settings.qualify(deadLetterQueueName), maxReceiveCount, visibilityTimeoutSeconds,
                messageRetentionSeconds, eventTypeAttribute, eventTypes, replayAttribute, subscriberName);
    }

    /**
     * Where SNS puts what it could not deliver to the queue at all (a key or queue policy
     * that refuses it): infra's alone, the services never read it.
     */
    public String undeliverableQueueName() {
        return queueName + "-undeliverable";
    }

    /**
     * The subscription's filter policy on message attributes: the consumed event types,
     * and of replayed events only those for everyone (no replay attribute) or for this
     * subscriber.
     */
    public Map<String, Object> filterPolicy() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put(eventTypeAttribute, eventTypes);
        policy.put("$or", List.of(Map.of(replayAttribute, List.of(Map.of("exists", false))),
                Map.of(replayAttribute, List.of(subscriberName))));
        return policy;
    }
}

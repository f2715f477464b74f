package com.example.events.infra;

import java.util.List;

/**
 * The messaging topology as the services know it locally ({@code messaging.*} in their
 * application.yml). Every stack takes its names and redelivery settings from here, and
 * TopologyDriftTest fails when this and the YAML files disagree.
 */
public record Topology(
        String topicName,
        String queueName,
        String deadLetterQueueName,
        int maxReceiveCount,
        int visibilityTimeoutSeconds,
        String eventTypeAttribute,
        List<String> eventTypes) {

    public static final Topology MEMBER_EVENTS = new Topology(
            "member-events",
            "reservation-member-events",
            "reservation-member-events-dlq",
            3,
            30,
            "eventType",
            List.of("MemberRegistered", "MemberDeleted"));

    public Topology {
        eventTypes = List.copyOf(eventTypes);
    }
}

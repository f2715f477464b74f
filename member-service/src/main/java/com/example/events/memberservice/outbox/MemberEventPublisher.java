package com.example.events.memberservice.outbox;

import io.awspring.cloud.sns.core.SnsNotification;
import io.awspring.cloud.sns.core.SnsTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts one stored event on the topic. The {@code eventType} message attribute lets subscribers filter without
 * reading the body; SNS keeps nothing, so the event log stays the source of truth.
 */
@Component
class MemberEventPublisher {

    private final SnsTemplate sns;
    private final MemberEventsTopic topic;
    private final JsonMapper json;

    MemberEventPublisher(SnsTemplate sns, MemberEventsTopic topic, JsonMapper json) {
        this.sns = sns;
        this.topic = topic;
        this.json = json;
    }

    void publish(StoredEvent event) {
        var notification = SnsNotification.builder(json.writeValueAsString(event.toMessage()))
            .header("eventType", event.eventType().name());
        if (event.traceparent() != null) {
            notification.header("traceparent", event.traceparent());
        }
        sns.sendNotification(topic.arn(), notification.build());
    }
}

package com.example.events.memberservice.observability;

import java.time.Duration;
import java.util.Map;

import com.example.events.memberservice.relay.MemberEventsTopic;
import com.example.platform.health.BrokerProbe;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * The {@code broker} readiness check asks for the topic's attributes. A topic the broker
 * lost is created again where this service provisions it
 * ({@link MemberEventsTopic#recreate}); on AWS it stays DOWN until the topic is back.
 * Without SNS the API still works and events wait in the outbox, but an instance that
 * cannot publish should not be the one taking traffic while another can.
 */
@Component
class TopicProbe implements BrokerProbe {

    private final MemberEventsTopic topic;

    private final SnsClient sns;

    TopicProbe(MemberEventsTopic topic, SnsClient sns) {
        this.topic = topic;
        this.sns = sns;
    }

    @Override
    public String broker() {
        return "SNS";
    }

    @Override
    public Map<String, Object> check(Duration timeout) {
        String arn = topic.arn();
        try {
            return topicAttributes(arn, timeout);
        }
        catch (NotFoundException ex) {
            // the broker lost the topic: ready again as soon as it is back, even with no
            // event to publish that would notice
            return topicAttributes(topic.recreate(arn).orElseThrow(() -> ex), timeout);
        }
    }

    private Map<String, Object> topicAttributes(String arn, Duration timeout) {
        sns.getTopicAttributes(
                request -> request.topicArn(arn).overrideConfiguration(config -> config.apiCallTimeout(timeout)));
        return Map.of("topic", arn);
    }

}

package com.example.events.memberservice.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The ARN of the topic this service owns. Given on AWS; created on first use where the
 * service provisions its own topic. Creating it is not a start-up condition: with SNS
 * down the service starts and the relay retries.
 */
@Component
class MemberEventsTopic {

    private static final Logger log = LoggerFactory.getLogger(MemberEventsTopic.class);

    private final MessagingProperties messaging;

    private final SnsClient sns;

    private volatile String arn;

    MemberEventsTopic(MessagingProperties messaging, SnsClient sns) {
        if (!StringUtils.hasText(messaging.topicArn()) && !messaging.provision()) {
            throw new IllegalStateException(
                    "Set MESSAGING_TOPIC_ARN, or MESSAGING_PROVISION=true to create topic " + messaging.topicName());
        }
        this.messaging = messaging;
        this.sns = sns;
        this.arn = StringUtils.hasText(messaging.topicArn()) ? messaging.topicArn() : null;
    }

    String arn() {
        String known = arn;
        if (known == null) {
            // CreateTopic is idempotent: it returns the existing topic's ARN
            known = sns.createTopic(request -> request.name(messaging.topicName())).topicArn();
            arn = known;
        }
        return known;
    }

    @EventListener(ApplicationReadyEvent.class)
    void provisionEarly() {
        try {
            log.info("Publishing member events to {}", arn());
        }
        catch (RuntimeException ex) {
            log.warn("Topic {} not reachable yet; events wait in the outbox: {}", messaging.topicName(), ex.toString());
        }
    }

}

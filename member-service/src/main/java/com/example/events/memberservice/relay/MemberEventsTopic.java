package com.example.events.memberservice.relay;

import java.util.Optional;

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
 * down the service starts and the relay retries. Where it provisions the topic, it also
 * creates it again when the broker has lost it (a restarted emulator or LocalStack keeps
 * nothing), without a restart of this service.
 */
@Component
public class MemberEventsTopic {

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

    public String arn() {
        String known = arn;
        if (known == null) {
            // CreateTopic is idempotent: it returns the existing topic's ARN
            known = sns.createTopic(request -> request.name(messaging.topicName())).topicArn();
            arn = known;
        }
        return known;
    }

    /**
     * SNS answered that the topic {@code lostArn} does not exist. Where this service
     * provisions its topic, creates it again; on AWS creates nothing, as the topic
     * belongs to the infrastructure code, and publishing waits until it is back.
     * @return the topic's ARN now, or empty where this service may not create it or SNS
     * did not answer
     */
    public Optional<String> recreate(String lostArn) {
        if (!messaging.provision()) {
            return Optional.empty();
        }
        try {
            // idempotent, so callers that noticed at the same time create one topic
            String created = sns.createTopic(request -> request.name(messaging.topicName())).topicArn();
            arn = created;
            log.warn("Topic {} was gone ({}); created it again: {}", messaging.topicName(), lostArn, created);
            return Optional.of(created);
        }
        catch (RuntimeException ex) {
            log.warn("Topic {} is gone and could not be created again yet: {}", messaging.topicName(), ex.toString());
            return Optional.empty();
        }
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

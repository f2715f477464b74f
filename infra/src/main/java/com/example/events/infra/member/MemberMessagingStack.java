package com.example.events.infra.member;

import java.util.Objects;

import com.example.events.infra.Topology;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Owned by the member team: the topic its service publishes member events to. Subscribers
 * (their queues, subscriptions and policies) are the consuming teams' business, not this
 * stack's.
 */
public final class MemberMessagingStack extends Stack {

    public record Props(StackProps stackProps, Topology topology) {
        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(topology, "topology");
        }
    }

    private final Key topicKey;

    private final Topic topic;

    public MemberMessagingStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());

        // a customer managed key (not alias/aws/sns) so that access to it can be granted
        // to the
        // publisher explicitly
        this.topicKey = Key.Builder.create(this, "TopicKey")
            .description("Encrypts the " + props.topology().topicName() + " topic at rest")
            .enableKeyRotation(true)
            .pendingWindow(Duration.days(7))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

        this.topic = Topic.Builder.create(this, "MemberEvents")
            .topicName(props.topology().topicName())
            .masterKey(topicKey)
            // denies publishing over plain HTTP
            .enforceSsl(true)
            .build();
    }

    public ITopic topic() {
        return topic;
    }

    public IKey topicKey() {
        return topicKey;
    }

}

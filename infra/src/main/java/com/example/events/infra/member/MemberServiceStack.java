package com.example.events.infra.member;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.events.infra.ServiceSpec;
import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/** Owned by the member team: member-service, its database, and its right to publish. */
public final class MemberServiceStack extends Stack {

    public record Props(StackProps stackProps, ServiceSpec spec, IVpc vpc, ICluster cluster, IRepository repository,
            String imageTag, ITopic topic, IKey topicKey) {

        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(topicKey, "topicKey");
        }
    }

    private final SpringServiceWithDatabase service;

    public MemberServiceStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());

        this.service = new SpringServiceWithDatabase(this, "MemberService",
                new SpringServiceWithDatabase.Props(props.spec(), props.vpc(), props.cluster(), props.repository(),
                        props.imageTag(), Map.of("MESSAGING_TOPIC_ARN", props.topic().getTopicArn()), 1));

        // Publish and nothing else: the outbox relay sends to one topic. Written out
        // rather than
        // topic.grantPublish() so the KMS part is exactly what SNS needs from a
        // publisher.
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PublishMemberEvents")
                .effect(Effect.ALLOW)
                .actions(List.of("sns:Publish"))
                .resources(List.of(props.topic().getTopicArn()))
                .build());
        // The readiness probe's look at the topic (GetTopicAttributes).
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("CheckMemberEventsTopic")
                .effect(Effect.ALLOW)
                .actions(List.of("sns:GetTopicAttributes"))
                .resources(List.of(props.topic().getTopicArn()))
                .build());
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EncryptForMemberEventsTopic")
                .effect(Effect.ALLOW)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(props.topicKey().getKeyArn()))
                .build());
    }

    public SpringServiceWithDatabase service() {
        return service;
    }

}

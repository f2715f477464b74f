package com.example.events.infra;

import static com.example.events.infra.TemplateJson.logicalId;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class MemberMessagingStackTest {

    private final InfraApp.Stacks stacks = SynthesizedInfra.stacks();

    private final Template template = SynthesizedInfra.template(stacks.memberMessaging());

    @Test
    void ownsOnlyTheTopicItsKeyAndItsPolicy() {
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.resourceCountIs("AWS::KMS::Key", 1);
        template.resourceCountIs("AWS::SNS::TopicPolicy", 1);
        // subscriptions belong to the consuming team's stack
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        template.resourceCountIs("AWS::SQS::Queue", 0);
    }

    @Test
    void topicIsEncryptedWithACustomerManagedKey() {
        String keyId = logicalId(stacks.memberMessaging().topicKey());
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", Topology.MEMBER_EVENTS.topicName(),
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void topicRefusesPublishingWithoutTls() {
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement",
                        Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "sns:Publish",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

}

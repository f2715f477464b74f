package com.example.events.infra;

import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.map;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.refersTo;
import static com.example.events.infra.TemplateJson.resources;
import static com.example.events.infra.TemplateJson.statements;
import static com.example.events.infra.TemplateJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ReservationMessagingStackTest {

    private final Topology topology = Topology.MEMBER_EVENTS;

    private final InfraApp.Stacks stacks = SynthesizedInfra.stacks();

    private final Template template = SynthesizedInfra.template(stacks.reservationMessaging());

    private final String topicId = logicalId(stacks.memberMessaging().topic());

    private final String keyId = logicalId(stacks.reservationMessaging().queueKey());

    private final String queueId = logicalId(stacks.reservationMessaging().queue());

    private final String dlqId = logicalId(stacks.reservationMessaging().deadLetterQueue());

    @Test
    void queueRedrivesToTheDeadLetterQueueAfterMaxReceiveCount() {
        template.hasResourceProperties("AWS::SQS::Queue",
                Map.of("QueueName", topology.queueName(), "VisibilityTimeout", topology.visibilityTimeoutSeconds(),
                        "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(dlqId, "Arn")),
                                "maxReceiveCount", topology.maxReceiveCount())));
        template.hasResourceProperties("AWS::SQS::Queue",
                Map.of("QueueName", topology.deadLetterQueueName(), "RedrivePolicy", Match.absent()));
        template.resourceCountIs("AWS::SQS::Queue", 3);
    }

    @Test
    void theQueueAndTheDeadLetterQueueKeepMessagesFourteenDays() {
        template.hasResourceProperties("AWS::SQS::Queue",
                Map.of("QueueName", topology.queueName(), "MessageRetentionPeriod", 1209600));
        template.hasResourceProperties("AWS::SQS::Queue",
                Map.of("QueueName", topology.deadLetterQueueName(), "MessageRetentionPeriod", 1209600));
    }

    @Test
    void bothQueuesAreEncryptedWithTheCustomerManagedKey() {
        template.resourcePropertiesCountIs("AWS::SQS::Queue",
                Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))), 2);
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void subscriptionDeliversRawMessagesFilteredOnEventTypeAndReplaySubscriber() {
        template.resourceCountIs("AWS::SNS::Subscription", 1);
        Map<String, Object> subscription = properties(TemplateJson.only(template, "AWS::SNS::Subscription"));

        assertThat(subscription.get("Protocol")).isEqualTo("sqs");
        assertThat(subscription.get("RawMessageDelivery")).isEqualTo(true);
        assertThat(refersTo(subscription.get("TopicArn"), topicId)).as("subscribes to the member topic").isTrue();
        assertThat(subscription.get("Endpoint")).isEqualTo(Map.of("Fn::GetAtt", List.of(queueId, "Arn")));
        assertThat(subscription.get("FilterPolicy"))
            .isEqualTo(Map.of("eventType", List.of("MemberRegistered", "MemberDeleted", "MemberSnapshot"), "$or",
                    List.of(Map.of("replayFor", List.of(Map.of("exists", false))),
                            Map.of("replayFor", List.of("reservation")))));
        assertThat(subscription.get("FilterPolicyScope")).isIn(null, "MessageAttributes");
    }

    @Test
    void onlyTheMemberTopicMaySendToTheQueue() {
        Map<String, Object> queuePolicy = resources(template, "AWS::SQS::QueuePolicy").values()
            .stream()
            .filter(p -> list(properties(p).get("Queues")).stream().anyMatch(q -> refersTo(q, queueId)))
            .findFirst()
            .orElseThrow();
        List<Map<String, Object>> allows = statements(properties(queuePolicy).get("PolicyDocument")).stream()
            .filter(s -> "Allow".equals(s.get("Effect")))
            .toList();

        assertThat(allows).singleElement().satisfies(statement -> {
            assertThat(strings(statement.get("Action"))).containsExactly("sqs:SendMessage");
            assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
            Object sourceArn = map(map(statement.get("Condition")).get("ArnEquals")).get("aws:SourceArn");
            assertThat(refersTo(sourceArn, topicId)).as("aws:SourceArn is the member topic").isTrue();
        });
        // the other statements refuse plain-HTTP access, or (on the queue, below) every
        // sender but the topic and the consumer's role
        resources(template, "AWS::SQS::QueuePolicy").values()
            .forEach(policy -> statements(properties(policy).get("PolicyDocument")).stream()
                .filter(s -> "Deny".equals(s.get("Effect")))
                .filter(s -> !map(s.get("Condition")).containsKey("ArnNotEquals"))
                .forEach(s -> assertThat(map(s.get("Condition")).get("Bool"))
                    .isEqualTo(Map.of("aws:SecureTransport", "false"))));
    }

    @Test
    void anySenderButTheTopicAndTheConsumersOwnRoleIsDeniedSoTheRedriveStillWorks() {
        List<Map<String, Object>> denials = statements(properties(policyOf(queueId)).get("PolicyDocument")).stream()
            .filter(s -> "Deny".equals(s.get("Effect")) && strings(s.get("Action")).contains("sqs:SendMessage"))
            .toList();

        assertThat(denials).singleElement().satisfies(statement -> {
            assertThat(strings(statement.get("Action"))).containsExactly("sqs:SendMessage");
            assertThat(statement.get("Principal")).isEqualTo(Map.of("AWS", "*"));
            assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(queueId, "Arn")));
            Map<String, Object> condition = map(statement.get("Condition"));
            assertThat(condition).containsOnlyKeys("ArnNotEquals");
            Map<String, Object> notEquals = map(condition.get("ArnNotEquals"));
            assertThat(notEquals).containsOnlyKeys("aws:SourceArn", "aws:PrincipalArn");
            assertThat(refersTo(notEquals.get("aws:SourceArn"), topicId)).as("aws:SourceArn is the member topic")
                .isTrue();
            // the role reservation-service's tasks run as, which POST /admin/dlq/redrive
            // starts the move task with
            Template service = SynthesizedInfra.template(stacks.reservationService());
            String taskRoleId = logicalId(stacks.reservationService().service().taskRole());
            Object roleName = properties(resources(service, "AWS::IAM::Role").get(taskRoleId)).get("RoleName");
            assertThat(text(notEquals.get("aws:PrincipalArn")))
                .isEqualTo("arn:${AWS::Partition}:iam::" + SynthesizedInfra.ACCOUNT + ":role/" + text(roleName));
            assertThat(text(roleName)).isEqualTo("reservation-service-task-${AWS::Region}");
        });
        // the dead-letter queue is sent to by SQS itself, whoever the message came from
        assertThat(statements(properties(policyOf(dlqId)).get("PolicyDocument")))
            .noneMatch(s -> "Deny".equals(s.get("Effect")) && strings(s.get("Action")).contains("sqs:SendMessage"));
    }

    private Map<String, Object> policyOf(String queueLogicalId) {
        return resources(template, "AWS::SQS::QueuePolicy").values()
            .stream()
            .filter(p -> list(properties(p).get("Queues")).stream().anyMatch(q -> refersTo(q, queueLogicalId)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no policy for " + queueLogicalId));
    }

    /** A CloudFormation string as it reads once deployed, pseudo parameters as ${...}. */
    private static String text(Object value) {
        if (value instanceof String string) {
            return string;
        }
        Map<String, Object> function = map(value);
        if (function.containsKey("Ref")) {
            return "${" + function.get("Ref") + "}";
        }
        List<Object> join = list(function.get("Fn::Join"));
        return list(join.get(1)).stream()
            .map(ReservationMessagingStackTest::text)
            .collect(Collectors.joining((String) join.get(0)));
    }

    @Test
    void snsMayUseTheQueueKeyOnlyOnBehalfOfTheTopic() {
        Map<String, Object> key = properties(TemplateJson.only(template, "AWS::KMS::Key"));
        List<Map<String, Object>> forSns = statements(key.get("KeyPolicy")).stream()
            .filter(s -> Map.of("Service", "sns.amazonaws.com").equals(s.get("Principal")))
            .toList();

        assertThat(forSns).singleElement().satisfies(statement -> {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(strings(statement.get("Action"))).containsExactlyInAnyOrder("kms:Decrypt",
                    "kms:GenerateDataKey");
            Object sourceArn = map(map(statement.get("Condition")).get("ArnEquals")).get("aws:SourceArn");
            assertThat(refersTo(sourceArn, topicId)).isTrue();
        });
    }

    @Test
    void alarmsWhenTheDeadLetterQueueHoldsAnything() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm",
                Map.of("Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Dimensions",
                        List.of(Map.of("Name", "QueueName", "Value",
                                Map.of("Fn::GetAtt", List.of(dlqId, "QueueName")))),
                        "ComparisonOperator", "GreaterThanThreshold", "Threshold", 0, "TreatMissingData",
                        "notBreaching"));
    }

    @Test
    void alarmsWhenTheOldestMessageWaitsTooLong() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm",
                Map.of("Namespace", "AWS/SQS", "MetricName", "ApproximateAgeOfOldestMessage", "Dimensions",
                        List.of(Map.of("Name", "QueueName", "Value",
                                Map.of("Fn::GetAtt", List.of(queueId, "QueueName")))),
                        "ComparisonOperator", "GreaterThanThreshold", "Threshold", 300));
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
    }

    @Test
    void theSubscriptionSendsWhatItCannotDeliverToItsOwnDeadLetterQueue() {
        String undeliverable = logicalId(stacks.reservationMessaging().undeliverableQueue());
        Map<String, Object> subscription = properties(TemplateJson.only(template, "AWS::SNS::Subscription"));
        assertThat(subscription.get("RedrivePolicy"))
            .isEqualTo(Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(undeliverable, "Arn"))));

        // encrypted by SQS itself: a mistake in the queue key's policy cannot refuse it
        // too
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", topology.undeliverableQueueName(),
                "SqsManagedSseEnabled", true, "KmsMasterKeyId", Match.absent(), "RedrivePolicy", Match.absent()));
        // SNS, on behalf of the member topic only, may put messages there
        Map<String, Object> policy = resources(template, "AWS::SQS::QueuePolicy").values()
            .stream()
            .filter(p -> list(properties(p).get("Queues")).stream().anyMatch(q -> refersTo(q, undeliverable)))
            .findFirst()
            .orElseThrow();
        assertThat(statements(properties(policy).get("PolicyDocument")))
            .filteredOn(s -> "Allow".equals(s.get("Effect")))
            .singleElement()
            .satisfies(statement -> {
                assertThat(strings(statement.get("Action"))).containsExactly("sqs:SendMessage");
                assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
                assertThat(
                        refersTo(map(map(statement.get("Condition")).get("ArnEquals")).get("aws:SourceArn"), topicId))
                    .isTrue();
            });
    }

    @Test
    void alarmsOnUndeliverableEventsAndOnFailedNotifications() {
        String undeliverable = logicalId(stacks.reservationMessaging().undeliverableQueue());
        template.hasResourceProperties("AWS::CloudWatch::Alarm",
                Map.of("Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Dimensions",
                        List.of(Map.of("Name", "QueueName", "Value",
                                Map.of("Fn::GetAtt", List.of(undeliverable, "QueueName")))),
                        "ComparisonOperator", "GreaterThanThreshold", "Threshold", 0));
        Map<String, Object> failed = resources(template, "AWS::CloudWatch::Alarm").values()
            .stream()
            .map(TemplateJson::properties)
            .filter(a -> "NumberOfNotificationsFailed".equals(a.get("MetricName")))
            .findFirst()
            .orElseThrow();
        assertThat(failed).containsEntry("Namespace", "AWS/SNS").containsEntry("Statistic", "Sum");
        assertThat(refersTo(failed.get("Dimensions"), topicId)).as("on the member topic").isTrue();
    }

}

package com.example.events.infra;

import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.namedValues;
import static com.example.events.infra.TemplateJson.onlyContainer;
import static com.example.events.infra.TemplateJson.refersTo;
import static com.example.events.infra.TemplateJson.resources;
import static com.example.events.infra.TemplateJson.statementsOfRole;
import static com.example.events.infra.TemplateJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.example.events.infra.reservation.ReservationServiceStack;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ReservationServiceStackTest {

    private final InfraApp.Stacks stacks = SynthesizedInfra.stacks();

    private final Template template = SynthesizedInfra.template(stacks.reservationService());

    private final String queueId = logicalId(stacks.reservationMessaging().queue());

    private final String dlqId = logicalId(stacks.reservationMessaging().deadLetterQueue());

    private final String keyId = logicalId(stacks.reservationMessaging().queueKey());

    @Test
    void isToldItsQueues() {
        Map<String, Object> environment = namedValues(onlyContainer(template).get("Environment"), "Value");
        assertThat(refersTo(environment.get("MESSAGING_QUEUE_NAME"), queueId)).isTrue();
        assertThat(refersTo(environment.get("MESSAGING_DEAD_LETTER_QUEUE_NAME"), dlqId)).isTrue();
        assertThat(environment).doesNotContainKey("MESSAGING_TOPIC_ARN");
    }

    @Test
    void taskRoleMayConsumeItsQueueAndAdministerItsDeadLetterQueueOnly() {
        List<Map<String, Object>> statements = statementsOfRole(template,
                logicalId(stacks.reservationService().service().taskRole()));
        assertThat(statements).allSatisfy(s -> assertThat(s.get("Effect")).isEqualTo("Allow"));

        Map<String, Set<String>> sqsActionsByQueue = Map.of(queueId, actionsOn(statements, queueId, "sqs:"), dlqId,
                actionsOn(statements, dlqId, "sqs:"));
        assertThat(sqsActionsByQueue.get(queueId)).containsExactlyInAnyOrder("sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
                // redrive sends dead letters back here
                "sqs:SendMessage");
        assertThat(sqsActionsByQueue.get(dlqId)).containsExactlyInAnyOrder("sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:StartMessageMoveTask",
                "sqs:ListMessageMoveTasks");
        assertThat(actionsOn(statements, keyId, "kms:")).containsExactlyInAnyOrder("kms:Decrypt",
                "kms:GenerateDataKey");

        // every statement names exactly one of those three resources, and nothing else is
        // granted
        assertThat(statements).allSatisfy(s -> assertThat(list(s.get("Resource"))).singleElement()
            .satisfies(r -> assertThat(refersTo(r, queueId) || refersTo(r, dlqId) || refersTo(r, keyId)).isTrue()));
        assertThat(statements.stream().flatMap(s -> strings(s.get("Action")).stream()))
            .allMatch(a -> a.startsWith("sqs:") || a.startsWith("kms:"));
    }

    @Test
    void scalesOnTheQueueBacklog() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("ServiceNamespace", "ecs",
                "ScalableDimension", "ecs:service:DesiredCount", "MinCapacity", 1, "MaxCapacity", 4));
        template.resourcePropertiesCountIs("AWS::ApplicationAutoScaling::ScalingPolicy",
                Map.of("PolicyType", "StepScaling"), 2);

        List<Map<String, Object>> backlogAlarms = resources(template, "AWS::CloudWatch::Alarm").values()
            .stream()
            .map(TemplateJson::properties)
            .filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName")))
            .toList();
        assertThat(backlogAlarms).hasSize(2).allSatisfy(alarm -> {
            assertThat(alarm.get("Namespace")).isEqualTo("AWS/SQS");
            assertThat(refersTo(alarm.get("Dimensions"), queueId)).as("on the consumer's queue").isTrue();
            assertThat(alarm.get("AlarmActions")).isNotNull();
        });
        // scale out once the backlog reaches SCALE_OUT_BACKLOG, in when it is empty
        assertThat(backlogAlarms.stream().map(a -> TemplateJson.intValue(a.get("Threshold"))).toList())
            .containsExactlyInAnyOrder(0, ReservationServiceStack.SCALE_OUT_BACKLOG);
    }

    @Test
    void deploysLeaveTheTaskCountToAutoscaling() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", Match.absent()));
    }

    private static Set<String> actionsOn(List<Map<String, Object>> statements, String resourceId, String prefix) {
        return statements.stream()
            .filter(s -> list(s.get("Resource")).stream().anyMatch(r -> refersTo(r, resourceId)))
            .flatMap(s -> strings(s.get("Action")).stream())
            .filter(a -> a.startsWith(prefix))
            .collect(Collectors.toCollection(TreeSet::new));
    }

}

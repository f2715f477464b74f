package com.example.events.infra;

import static com.example.events.infra.TemplateJson.container;
import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.namedValues;
import static com.example.events.infra.TemplateJson.refersTo;
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

import software.amazon.awscdk.assertions.Template;

class ReservationServiceStackTest {

    private final InfraApp.Stacks stacks = SynthesizedInfra.stacks();

    private final Template template = SynthesizedInfra.template(stacks.reservationService());

    private final String queueId = logicalId(stacks.reservationMessaging().queue());

    private final String dlqId = logicalId(stacks.reservationMessaging().deadLetterQueue());

    private final String keyId = logicalId(stacks.reservationMessaging().queueKey());

    @Test
    void isToldItsQueuesAndHowMuchOfItsPoolTheListenerMayTake() {
        Map<String, Object> environment = namedValues(
                container(template, ServiceSpec.RESERVATION.name()).get("Environment"), "Value");
        assertThat(refersTo(environment.get("MESSAGING_QUEUE_NAME"), queueId)).isTrue();
        assertThat(refersTo(environment.get("MESSAGING_DEAD_LETTER_QUEUE_NAME"), dlqId)).isTrue();
        assertThat(environment).doesNotContainKey("MESSAGING_TOPIC_ARN");
        assertThat(environment.get("DB_POOL_SIZE")).isEqualTo(Integer.toString(ReservationServiceStack.POOL_SIZE));
        assertThat(environment.get("DB_API_CONNECTIONS"))
            .isEqualTo(Integer.toString(ReservationServiceStack.API_CONNECTIONS));
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

        // every SQS and KMS statement names exactly one of those three resources; the
        // rest is what every service may (its database user, its metrics, its traces)
        List<Map<String, Object>> messaging = statements.stream()
            .filter(s -> strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("sqs:") || a.startsWith("kms:")))
            .toList();
        assertThat(messaging).hasSize(4)
            .allSatisfy(s -> assertThat(list(s.get("Resource"))).singleElement()
                .satisfies(r -> assertThat(refersTo(r, queueId) || refersTo(r, dlqId) || refersTo(r, keyId)).isTrue()));
        assertThat(statements.stream().flatMap(s -> strings(s.get("Action")).stream()))
            .allMatch(a -> a.startsWith("sqs:") || a.startsWith("kms:") || a.equals("rds-db:connect")
                    || a.equals("cloudwatch:PutMetricData") || a.startsWith("xray:Put"));
    }

    private static Set<String> actionsOn(List<Map<String, Object>> statements, String resourceId, String prefix) {
        return statements.stream()
            .filter(s -> list(s.get("Resource")).stream().anyMatch(r -> refersTo(r, resourceId)))
            .flatMap(s -> strings(s.get("Action")).stream())
            .filter(a -> a.startsWith(prefix))
            .collect(Collectors.toCollection(TreeSet::new));
    }

}

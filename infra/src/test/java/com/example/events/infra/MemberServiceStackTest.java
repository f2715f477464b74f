package com.example.events.infra;

import static com.example.events.infra.TemplateJson.container;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.namedValues;
import static com.example.events.infra.TemplateJson.refersTo;
import static com.example.events.infra.TemplateJson.statementsOfRole;
import static com.example.events.infra.TemplateJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Template;

class MemberServiceStackTest {

    private final InfraApp.Stacks stacks = SynthesizedInfra.stacks();

    private final Template template = SynthesizedInfra.template(stacks.memberService());

    private final String topicId = logicalId(stacks.memberMessaging().topic());

    private final String topicKeyId = logicalId(stacks.memberMessaging().topicKey());

    @Test
    void isToldTheTopicArn() {
        Map<String, Object> environment = namedValues(container(template, ServiceSpec.MEMBER.name()).get("Environment"),
                "Value");
        assertThat(refersTo(environment.get("MESSAGING_TOPIC_ARN"), topicId)).isTrue();
    }

    @Test
    void taskRoleMayOnlyPublishToAndCheckItsTopicBesidesWhatEveryServiceMay() {
        List<Map<String, Object>> statements = statementsOfRole(template,
                logicalId(stacks.memberService().service().taskRole()));

        // rds-db:connect, cloudwatch:PutMetricData and X-Ray: ServiceStacksTest
        assertThat(statements).hasSize(6);
        assertThat(statements).allSatisfy(s -> assertThat(s.get("Effect")).isEqualTo("Allow"));
        assertThat(statements).anySatisfy(s -> {
            assertThat(strings(s.get("Action"))).containsExactly("sns:Publish");
            assertThat(TemplateJson.list(s.get("Resource"))).singleElement()
                .satisfies(r -> assertThat(refersTo(r, topicId)).isTrue());
        });
        // the readiness probe asks whether the topic answers
        assertThat(statements).anySatisfy(s -> {
            assertThat(strings(s.get("Action"))).containsExactly("sns:GetTopicAttributes");
            assertThat(TemplateJson.list(s.get("Resource"))).singleElement()
                .satisfies(r -> assertThat(refersTo(r, topicId)).isTrue());
        });
        // SNS encrypts with the topic's key on the publisher's behalf
        assertThat(statements).anySatisfy(s -> {
            assertThat(strings(s.get("Action"))).containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
            assertThat(TemplateJson.list(s.get("Resource"))).singleElement()
                .satisfies(r -> assertThat(refersTo(r, topicKeyId)).isTrue());
        });
        assertThat(statements.stream().flatMap(s -> strings(s.get("Action")).stream()))
            .noneMatch(a -> a.startsWith("sqs:"));
    }

}

package com.example.events.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Template;

/**
 * Least privilege, checked on what is actually deployed: no statement in any stack allows
 * an SNS, SQS or Secrets Manager action through a wildcard action, resource or principal.
 */
class NoWildcardPermissionsTest {

    @Test
    void noStackGrantsSnsSqsOrSecretsManagerThroughAWildcard() {
        List<WildcardPermissions.Finding> findings = new ArrayList<>();
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map.Entry<String, Template> entry : SynthesizedInfra.templates().entrySet()) {
            WildcardPermissions.Result result = WildcardPermissions.scan(entry.getKey(), entry.getValue().toJSON());
            findings.addAll(result.findings());
            statements.addAll(result.statements());
        }

        assertThat(findings).as("wildcard SNS/SQS/Secrets Manager permissions").isEmpty();

        // the walk saw the grants that matter, so an empty finding list means something
        assertThat(statements.stream().flatMap(s -> TemplateJson.strings(s.get("Action")).stream())).contains(
                "sns:Publish", "sqs:ReceiveMessage", "sqs:SendMessage", "sqs:StartMessageMoveTask",
                "secretsmanager:GetSecretValue", "kms:Decrypt", "ecr:GetAuthorizationToken");
        assertThat(SynthesizedInfra.templates()).hasSize(5);
    }

    @Test
    void flagsWildcardActions() {
        assertThat(scan(allow("sqs:*", arn("sqs")))).singleElement()
            .extracting(WildcardPermissions.Finding::problem)
            .asString()
            .contains("wildcard action sqs:*");
        assertThat(scan(allow("sns:Pub*", arn("sns")))).hasSize(1);
        assertThat(scan(allow("secretsmanager:Get?ecretValue", arn("secretsmanager")))).hasSize(1);
        assertThat(scan(allow("*", arn("sqs")))).hasSize(1);
        assertThat(scan(allow("s*:SendMessage", arn("sqs")))).hasSize(1);
        assertThat(scan(allow(List.of("SQS:ReceiveMessage", "sqs:Delete*"), arn("sqs")))).hasSize(1);
    }

    @Test
    void flagsWildcardResources() {
        assertThat(scan(allow("sns:Publish", "*"))).hasSize(1);
        assertThat(scan(allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:*"))).hasSize(1);
        Map<String, Object> joined = Map.of("Fn::Join", List.of("",
                List.of("arn:", Map.of("Ref", "AWS::Partition"), ":secretsmanager:eu-west-1:123456789012:secret:*")));
        assertThat(scan(allow("secretsmanager:GetSecretValue", joined))).hasSize(1);
        assertThat(scan(Map.of("Effect", "Allow", "Action", "sqs:SendMessage", "NotResource", arn("sqs")))).hasSize(1);
    }

    @Test
    void flagsNotActionAndPublicPrincipals() {
        assertThat(scan(Map.of("Effect", "Allow", "NotAction", "iam:*", "Resource", "*"))).hasSize(1);
        assertThat(scan(Map.of("Effect", "Allow", "Action", "sqs:SendMessage", "Resource", arn("sqs"), "Principal",
                Map.of("AWS", "*"))))
            .hasSize(1);
        assertThat(scan(Map.of("Effect", "Allow", "Action", "sns:Subscribe", "Resource", arn("sns"), "Principal", "*")))
            .hasSize(1);
    }

    @Test
    void acceptsScopedGrantsDenialsAndOtherServices() {
        assertThat(scan(allow("sqs:SendMessage", Map.of("Fn::GetAtt", List.of("Queue4A7E3555", "Arn"))))).isEmpty();
        assertThat(scan(allow("secretsmanager:GetSecretValue", Map.of("Ref", "Secret")))).isEmpty();
        assertThat(scan(
                Map.of("Effect", "Deny", "Action", "sqs:*", "Principal", Map.of("AWS", "*"), "Resource", arn("sqs"))))
            .isEmpty();
        assertThat(scan(allow("ecr:GetAuthorizationToken", "*"))).isEmpty();
        assertThat(scan(Map.of("Effect", "Allow", "Action", List.of("kms:Decrypt", "kms:GenerateDataKey"), "Principal",
                Map.of("Service", "sns.amazonaws.com"), "Resource", "*")))
            .isEmpty();
    }

    @Test
    void findsStatementsAtAnyDepth() {
        Map<String, Object> role = Map.of("Type", "AWS::IAM::Role", "Properties", Map.of("Policies", List
            .of(Map.of("PolicyName", "inline", "PolicyDocument", Map.of("Statement", List.of(allow("sqs:*", "*")))))));
        Map<String, Object> template = Map.of("Resources", Map.of("Role", role));
        assertThat(WildcardPermissions.scan("t", template).findings()).hasSize(2);
    }

    private static List<WildcardPermissions.Finding> scan(Map<String, Object> statement) {
        Map<String, Object> template = Map.of("Resources",
                Map.of("Policy", Map.of("Type", "AWS::IAM::Policy", "Properties",
                        Map.of("PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement))))));
        return WildcardPermissions.scan("test", template).findings();
    }

    private static Map<String, Object> allow(Object action, Object resource) {
        return Map.of("Effect", "Allow", "Action", action, "Resource", resource);
    }

    private static String arn(String service) {
        return "arn:aws:" + service + ":eu-west-1:123456789012:thing";
    }

}

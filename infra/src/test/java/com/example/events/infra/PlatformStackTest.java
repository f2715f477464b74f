package com.example.events.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class PlatformStackTest {

    private final Template template = SynthesizedInfra.template(SynthesizedInfra.stacks().platform());

    @Test
    void vpcHasPrivateSubnetsForTasksAndIsolatedOnesForDatabases() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourcePropertiesCountIs("AWS::EC2::Subnet", subnetOfType("Public"), 2);
        template.resourcePropertiesCountIs("AWS::EC2::Subnet", subnetOfType("Private"), 2);
        template.resourcePropertiesCountIs("AWS::EC2::Subnet", subnetOfType("Isolated"), 2);
        template.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false), 4);
        // tasks reach AWS APIs through NAT; databases have no route out at all
        template.resourceCountIs("AWS::EC2::NatGateway", 1);

        var vpc = SynthesizedInfra.stacks().platform().vpc();
        assertThat(vpc.getPrivateSubnets()).hasSize(2);
        assertThat(vpc.getIsolatedSubnets()).hasSize(2);
    }

    @Test
    void defaultSecurityGroupIsLockedDown() {
        template.resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
    }

    @Test
    void ecsClusterWithContainerInsights() {
        template.resourceCountIs("AWS::ECS::Cluster", 1);
        template.hasResourceProperties("AWS::ECS::Cluster",
                Map.of("ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    }

    @Test
    void oneImageRepositoryPerServiceNamedAfterItWithImmutableTags() {
        template.resourceCountIs("AWS::ECR::Repository", 2);
        for (ServiceSpec spec : List.of(ServiceSpec.MEMBER, ServiceSpec.RESERVATION)) {
            template.hasResourceProperties("AWS::ECR::Repository", Map.of("RepositoryName", spec.name(),
                    "ImageTagMutability", "IMMUTABLE", "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                    "EmptyOnDelete", true, "LifecyclePolicy",
                    Match.objectLike(Map.of("LifecyclePolicyText", Match.stringLikeRegexp(".*imageCountMoreThan.*")))));
        }
    }

    @Test
    void issuesMachineTokensWithAnApiAndAnAdminScopePerService() {
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResourceProperties("AWS::Cognito::UserPool",
                Map.of("AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true)));
        for (ServiceSpec spec : List.of(ServiceSpec.MEMBER, ServiceSpec.RESERVATION)) {
            template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer",
                    Map.of("Identifier", spec.name(), "Scopes",
                            Match.arrayWith(List.of(Match.objectLike(Map.of("ScopeName", "api")),
                                    Match.objectLike(Map.of("ScopeName", "admin"))))));
        }
        var clients = TemplateJson.resources(template, "AWS::Cognito::UserPoolClient").values();
        assertThat(clients).hasSize(2).allSatisfy(client -> {
            Map<String, Object> p = TemplateJson.properties(client);
            assertThat(p.get("AllowedOAuthFlows")).isEqualTo(List.of("client_credentials"));
            assertThat(p.get("GenerateSecret")).isEqualTo(true);
        });
        // one client for the APIs only, one for the admin endpoints too
        assertThat(clients).anySatisfy(client -> assertThat(scopes(client))
            .containsExactlyInAnyOrder("member-service/api", "reservation-service/api"));
        assertThat(clients)
            .anySatisfy(client -> assertThat(scopes(client)).containsExactlyInAnyOrder("member-service/api",
                    "reservation-service/api", "member-service/admin", "reservation-service/admin"));
        template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
        assertThat(template.findOutputs("TokenUrl")).isNotEmpty();
    }

    @Test
    void withAnIssuerGivenNoUserPoolIsCreatedAndTheServicesTrustThatIssuer() {
        var staging = SynthesizedInfra.staging();
        SynthesizedInfra.template(staging.platform()).resourceCountIs("AWS::Cognito::UserPool", 0);
        for (var service : List.of(staging.memberService().service(), staging.reservationService().service())) {
            var environment = TemplateJson.namedValues(
                    TemplateJson
                        .container(SynthesizedInfra.template(software.amazon.awscdk.Stack.of(service)),
                                service.container().getContainerName())
                        .get("Environment"),
                    "Value");
            assertThat(environment.get("OAUTH2_ISSUER_URI")).isEqualTo(SynthesizedInfra.ISSUER);
        }
    }

    /**
     * A client's scopes as tokens carry them: each is the Ref of a resource server (its
     * identifier) joined with /scope.
     */
    private List<String> scopes(Map<String, Object> client) {
        var servers = TemplateJson.resources(template, "AWS::Cognito::UserPoolResourceServer");
        return TemplateJson.list(TemplateJson.properties(client).get("AllowedOAuthScopes")).stream().map(scope -> {
            List<Object> parts = TemplateJson.list(TemplateJson.list(TemplateJson.map(scope).get("Fn::Join")).get(1));
            String server = String.valueOf(TemplateJson.map(parts.get(0)).get("Ref"));
            return TemplateJson.properties(servers.get(server)).get("Identifier") + String.valueOf(parts.get(1));
        }).toList();
    }

    private static Map<String, Object> subnetOfType(String type) {
        return Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", type))));
    }

}

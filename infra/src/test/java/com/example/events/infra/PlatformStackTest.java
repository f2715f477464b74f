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
    void oneImageRepositoryPerServiceNamedAfterIt() {
        template.resourceCountIs("AWS::ECR::Repository", 2);
        for (ServiceSpec spec : List.of(ServiceSpec.MEMBER, ServiceSpec.RESERVATION)) {
            template.hasResourceProperties("AWS::ECR::Repository", Map.of("RepositoryName", spec.name(),
                    "ImageScanningConfiguration", Map.of("ScanOnPush", true), "EmptyOnDelete", true, "LifecyclePolicy",
                    Match.objectLike(Map.of("LifecyclePolicyText", Match.stringLikeRegexp(".*imageCountMoreThan.*")))));
        }
    }

    private static Map<String, Object> subnetOfType(String type) {
        return Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", type))));
    }

}

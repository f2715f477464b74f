package com.example.events.infra;

import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.map;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.refersTo;
import static com.example.events.infra.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Without a certificate nobody outside the VPC reaches the services; with one, HTTPS
 * only, and the admin and management paths are not routed from the internet.
 */
class ExposureTest {

    private static List<Stack> serviceStacks(InfraApp.Stacks stacks) {
        return List.of(stacks.memberService(), stacks.reservationService());
    }

    @Test
    void withoutACertificateTheLoadBalancersAreInternalAndOpenToTheVpcOnly() {
        for (Stack stack : serviceStacks(SynthesizedInfra.stacks())) {
            Template template = SynthesizedInfra.template(stack);
            template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                    Map.of("Scheme", "internal", "Type", "application"));
            assertThat(resources(template, "AWS::ElasticLoadBalancingV2::Listener").values()).singleElement()
                .satisfies(listener -> {
                    assertThat(properties(listener).get("Protocol")).isEqualTo("HTTP");
                    assertThat(TemplateJson.intValue(properties(listener).get("Port"))).isEqualTo(80);
                });
            template.resourceCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", 0);

            List<Object> ingress = resources(template, "AWS::EC2::SecurityGroup").values()
                .stream()
                .filter(group -> String.valueOf(properties(group).get("GroupDescription")).contains("LB"))
                .flatMap(group -> list(properties(group).get("SecurityGroupIngress")).stream())
                .toList();
            assertThat(ingress).singleElement().satisfies(rule -> {
                assertThat(String.valueOf(map(rule).get("CidrIp"))).contains("CidrBlock");
                assertThat(map(rule).get("CidrIp")).isNotEqualTo("0.0.0.0/0");
            });
        }
    }

    @Test
    void withoutACertificateAnSsmPortForwardingHostReachesThem() {
        Template platform = SynthesizedInfra.template(SynthesizedInfra.stacks().platform());
        platform.resourceCountIs("AWS::EC2::Instance", 1);
        assertThat(String.valueOf(resources(platform, "AWS::IAM::Policy").values())).contains("ssmmessages:*");
        // no inbound rule at all: SSM sessions go out from the host
        String hostGroup = logicalId(SynthesizedInfra.stacks()
            .platform()
            .portForwardingHost()
            .orElseThrow()
            .getConnections()
            .getSecurityGroups()
            .get(0));
        assertThat(
                properties(resources(platform, "AWS::EC2::SecurityGroup").get(hostGroup)).get("SecurityGroupIngress"))
            .isNull();
        assertThat(platform.findOutputs("PortForwardingHostId")).isNotEmpty();
        assertThat(SynthesizedInfra.staging().platform().portForwardingHost()).isEmpty();
    }

    @Test
    void withACertificateOnlyHttpsForwardsAndHttpRedirects() {
        for (Stack stack : serviceStacks(SynthesizedInfra.staging())) {
            Template template = SynthesizedInfra.template(stack);
            template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                    Map.of("Scheme", "internet-facing", "Type", "application"));
            Map<String, Map<String, Object>> listeners = resources(template, "AWS::ElasticLoadBalancingV2::Listener");
            assertThat(listeners).hasSize(2);

            Map<String, Object> https = listenerOnPort(listeners, 443);
            assertThat(https.get("Protocol")).isEqualTo("HTTPS");
            assertThat(https.get("SslPolicy")).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
            assertThat(https.get("Certificates"))
                .isEqualTo(List.of(Map.of("CertificateArn", SynthesizedInfra.CERTIFICATE_ARN)));

            Map<String, Object> http = listenerOnPort(listeners, 80);
            assertThat(http.get("Protocol")).isEqualTo("HTTP");
            assertThat(list(http.get("DefaultActions"))).singleElement()
                .isEqualTo(Map.of("Type", "redirect", "RedirectConfig",
                        Map.of("Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301")));
            String httpId = listeners.entrySet()
                .stream()
                .filter(e -> properties(e.getValue()).equals(http))
                .findFirst()
                .orElseThrow()
                .getKey();
            assertThat(resources(template, "AWS::ElasticLoadBalancingV2::ListenerRule").values())
                .noneMatch(rule -> refersTo(properties(rule).get("ListenerArn"), httpId));
        }
    }

    @Test
    void withACertificateAdminAndActuatorHealthIncludedAreRoutedFromTheAdminCidrsOnly() {
        for (Stack stack : serviceStacks(SynthesizedInfra.staging())) {
            List<Map<String, Object>> rules = new ArrayList<>(
                    resources(SynthesizedInfra.template(stack), "AWS::ElasticLoadBalancingV2::ListenerRule").values()
                        .stream()
                        .map(TemplateJson::properties)
                        .sorted(Comparator.comparingInt(rule -> TemplateJson.intValue(rule.get("Priority"))))
                        .toList());

            // no rule for the health probes: the load balancer's own checks reach the
            // tasks directly, and nobody else gets them
            assertThat(rules).noneMatch(rule -> paths(rule).stream().anyMatch(path -> path.contains("health")));
            // /admin and /actuator, from the admin CIDRs (three per rule)
            List<String> allowed = new ArrayList<>();
            for (Map<String, Object> rule : rules.subList(0, rules.size() - 1)) {
                assertThat(paths(rule)).containsExactly("/admin*", "/actuator*");
                assertThat(actionType(rule)).isEqualTo("forward");
                allowed.addAll(sourceIps(rule));
            }
            assertThat(allowed).containsExactlyElementsOf(SynthesizedInfra.ADMIN_CIDRS);
            // and for everyone else a 404 from the load balancer
            Map<String, Object> closed = rules.get(rules.size() - 1);
            assertThat(paths(closed)).containsExactly("/admin*", "/actuator*");
            assertThat(sourceIps(closed)).isEmpty();
            assertThat(actionType(closed)).isEqualTo("fixed-response");
            assertThat(map(map(list(closed.get("Actions")).get(0)).get("FixedResponseConfig")).get("StatusCode"))
                .isEqualTo("404");
        }
    }

    @Test
    void withADomainAndItsZoneEachServiceGetsItsName() {
        assertThat(String.valueOf(resources(SynthesizedInfra.template(SynthesizedInfra.staging().memberService()),
                "AWS::Route53::RecordSet")
            .values())).contains("member." + SynthesizedInfra.DOMAIN + ".", SynthesizedInfra.HOSTED_ZONE_ID);
        assertThat(String.valueOf(resources(SynthesizedInfra.template(SynthesizedInfra.staging().reservationService()),
                "AWS::Route53::RecordSet")
            .values())).contains("reservation." + SynthesizedInfra.DOMAIN + ".");
        SynthesizedInfra.template(SynthesizedInfra.stacks().memberService())
            .resourceCountIs("AWS::Route53::RecordSet", 0);
    }

    private static Map<String, Object> listenerOnPort(Map<String, Map<String, Object>> listeners, int port) {
        return listeners.values()
            .stream()
            .map(TemplateJson::properties)
            .filter(listener -> TemplateJson.intValue(listener.get("Port")) == port)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no listener on " + port));
    }

    private static List<String> paths(Map<String, Object> rule) {
        return condition(rule, "path-pattern", "PathPatternConfig");
    }

    private static List<String> sourceIps(Map<String, Object> rule) {
        return condition(rule, "source-ip", "SourceIpConfig");
    }

    private static List<String> condition(Map<String, Object> rule, String field, String config) {
        return list(rule.get("Conditions")).stream()
            .map(TemplateJson::map)
            .filter(condition -> field.equals(condition.get("Field")))
            .flatMap(condition -> list(map(condition.get(config)).get("Values")).stream())
            .map(String::valueOf)
            .toList();
    }

    private static String actionType(Map<String, Object> rule) {
        return String.valueOf(map(list(rule.get("Actions")).get(0)).get("Type"));
    }

}

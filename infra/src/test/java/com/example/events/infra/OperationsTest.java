package com.example.events.infra;

import static com.example.events.infra.TemplateJson.allResources;
import static com.example.events.infra.TemplateJson.container;
import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.map;
import static com.example.events.infra.TemplateJson.only;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.example.events.infra.member.MemberServiceStack;
import com.example.events.infra.platform.TelemetryCollector;
import com.example.events.infra.reservation.ReservationServiceStack;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;

/** Running it: task counts, shutdowns, scaling, traces, a second environment. */
class OperationsTest {

    @Test
    void memberServiceRunsTwoTasksAcrossTwoAvailabilityZones() {
        Template template = SynthesizedInfra.template(SynthesizedInfra.stacks().memberService());
        Map<String, Object> service = properties(only(template, "AWS::ECS::Service"));
        assertThat(TemplateJson.intValue(service.get("DesiredCount"))).isEqualTo(MemberServiceStack.TASKS)
            .isGreaterThanOrEqualTo(2);
        assertThat(map(service.get("DeploymentConfiguration"))).containsEntry("MinimumHealthyPercent", 100)
            .containsEntry("MaximumPercent", 200);
        // ECS spreads a service's tasks over the zones of its subnets: one private subnet
        // per zone
        Set<String> zones = new HashSet<>();
        for (ISubnet subnet : SynthesizedInfra.stacks().platform().vpc().getPrivateSubnets()) {
            zones.add(subnet.getAvailabilityZone());
        }
        assertThat(zones).hasSize(2);
        assertThat(list(map(map(service.get("NetworkConfiguration")).get("AwsvpcConfiguration")).get("Subnets")))
            .hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void eachContainersStopTimeoutCoversItsGracefulShutdown(ServiceCase service) {
        Map<String, Object> app = container(service.template(), service.spec().name());
        int stopTimeout = TemplateJson.intValue(app.get("StopTimeout"));

        // the phases that wait (requests in flight; the relay's round or the listener's
        // messages and their deletes), each bounded by the aws profile's timeout, and
        // 10 s for the JVM around them
        Duration perPhase = Duration.parse("PT" + TopologyDriftTest
            .value(TopologyDriftTest.profile(service.yaml(), "aws"), "spring.lifecycle.timeout-per-shutdown-phase")
            .toUpperCase());
        assertThat(TopologyDriftTest.value(TopologyDriftTest.load(service.yaml()), "server.shutdown"))
            .isEqualTo("graceful");
        assertThat(stopTimeout).isGreaterThanOrEqualTo((int) (3 * perPhase.toSeconds() + 10)).isLessThanOrEqualTo(120);

        Map<String, Object> collector = container(service.template(), TelemetryCollector.CONTAINER_NAME);
        assertThat(TemplateJson.intValue(collector.get("StopTimeout"))).isPositive();
        assertThat(collector.get("Essential")).isEqualTo(false);
        // started before the service and stopped after it, so its last spans get out
        assertThat(app.get("DependsOn"))
            .isEqualTo(List.of(Map.of("ContainerName", TelemetryCollector.CONTAINER_NAME, "Condition", "START")));
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void tracesLeaveTheTaskThroughTheCollectorToXray(ServiceCase service) {
        Map<String, Object> collector = container(service.template(), TelemetryCollector.CONTAINER_NAME);
        assertThat(collector.get("Image")).isEqualTo(TelemetryCollector.IMAGE);
        Object configuration = TemplateJson.namedValues(collector.get("Environment"), "Value")
            .get(TelemetryCollector.CONFIG_VARIABLE);
        Map<String, Object> config = map(
                new Yaml(new SafeConstructor(new LoaderOptions())).load(String.valueOf(configuration)));
        Map<String, Object> traces = map(map(map(config.get("service")).get("pipelines")).get("traces"));
        assertThat(traces.get("receivers")).isEqualTo(List.of("otlp"));
        assertThat(traces.get("exporters")).isEqualTo(List.of("awsxray"));
        String endpoint = String.valueOf(
                map(map(map(map(config.get("receivers")).get("otlp")).get("protocols")).get("http")).get("endpoint"));
        assertThat(endpoint).isEqualTo("127.0.0.1:" + TelemetryCollector.OTLP_HTTP_PORT);

        // where the service's profile aws sends its spans
        assertThat(TopologyDriftTest.value(TopologyDriftTest.profile(service.yaml(), "aws"),
                "management.opentelemetry.tracing.export.otlp.endpoint"))
            .isEqualTo("http://localhost:" + TelemetryCollector.OTLP_HTTP_PORT + "/v1/traces");
        assertThat(
                TemplateJson.statementsOfRole(service.template(), TemplateJson.logicalId(service.service().taskRole())))
            .anySatisfy(statement -> assertThat(TemplateJson.strings(statement.get("Action")))
                .containsExactlyInAnyOrder("xray:PutTraceSegments", "xray:PutTelemetryRecords"));
    }

    @Test
    void reservationServiceScalesOnItsBacklogPerTask() {
        Template template = SynthesizedInfra.template(SynthesizedInfra.stacks().reservationService());
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("ServiceNamespace", "ecs",
                "ScalableDimension", "ecs:service:DesiredCount", "MinCapacity", 1, "MaxCapacity", 4));
        Map<String, Object> policy = properties(only(template, "AWS::ApplicationAutoScaling::ScalingPolicy"));
        assertThat(policy.get("PolicyType")).isEqualTo("TargetTrackingScaling");

        Map<String, Object> tracking = map(policy.get("TargetTrackingScalingPolicyConfiguration"));
        assertThat(TemplateJson.intValue(tracking.get("TargetValue")))
            .isEqualTo(ReservationServiceStack.BACKLOG_PER_TASK);
        List<Map<String, Object>> queries = list(map(tracking.get("CustomizedMetricSpecification")).get("Metrics"))
            .stream()
            .map(TemplateJson::map)
            .toList();
        assertThat(queries).filteredOn(q -> Boolean.TRUE.equals(q.get("ReturnData")))
            .singleElement()
            .satisfies(q -> assertThat(q.get("Expression")).isEqualTo("visible / tasks"));
        assertThat(metricOf(queries, "visible")).containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
            .containsEntry("Namespace", "AWS/SQS");
        assertThat(metricOf(queries, "tasks")).containsEntry("MetricName", "RunningTaskCount")
            .containsEntry("Namespace", "ECS/ContainerInsights");
        // the count is autoscaling's: a deploy must not reset it
        assertThat(properties(only(template, "AWS::ECS::Service"))).doesNotContainKey("DesiredCount");
        template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
    }

    /**
     * Two environments in one account: nothing that carries a fixed name (a stack, a
     * topic, a queue, a repository, a user pool, a sign-in domain, a metric namespace) is
     * the same in both.
     */
    @Test
    void aSecondEnvironmentInTheSameAccountClashesWithNothing() {
        InfraApp.Stacks prod = SynthesizedInfra.prodBesideStaging();
        InfraApp.Stacks staging = SynthesizedInfra.staging();
        List<String> prodNames = fixedNames(prod);
        List<String> stagingNames = fixedNames(staging);

        assertThat(prodNames).contains("EventsPlatform", "member-events", "reservation-member-events",
                "reservation-member-events-dlq", "member-service", "member-reservation-events/prod/member-service");
        assertThat(stagingNames).contains("EventsPlatform-staging", "member-events-staging",
                "reservation-member-events-staging", "reservation-member-events-dlq-staging", "member-service-staging",
                "member-reservation-events/staging/member-service");
        assertThat(stagingNames).doesNotContainAnyElementsOf(prodNames);
        assertThat(new HashSet<>(prodNames)).hasSameSizeAs(prodNames);
        assertThat(prodNames.stream().filter(name -> name.contains("member-reservation-prod-"))).hasSize(1);
    }

    private static List<String> fixedNames(InfraApp.Stacks stacks) {
        List<String> names = new ArrayList<>();
        for (Stack stack : stacks.all()) {
            names.add(stack.getStackName());
            for (Map<String, Object> resource : allResources(SynthesizedInfra.template(stack)).values()) {
                Map<String, Object> p = properties(resource);
                for (String key : List.of("TopicName", "QueueName", "RepositoryName", "UserPoolName", "Domain")) {
                    boolean signInDomain = !"Domain".equals(key)
                            || "AWS::Cognito::UserPoolDomain".equals(resource.get("Type"));
                    if (p.get(key) != null && signInDomain) {
                        names.add(String.valueOf(p.get(key)));
                    }
                }
            }
        }
        names.add(stacks.memberService().service().metricsNamespace());
        names.add(stacks.reservationService().service().metricsNamespace());
        return names;
    }

    private static Map<String, Object> metricOf(List<Map<String, Object>> queries, String id) {
        return queries.stream()
            .filter(q -> id.equals(q.get("Id")))
            .map(q -> map(map(q.get("MetricStat")).get("Metric")))
            .findFirst()
            .orElseThrow();
    }

}

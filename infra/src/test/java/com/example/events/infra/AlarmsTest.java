package com.example.events.infra;

import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.map;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.example.events.infra.member.MemberServiceStack;
import com.example.events.infra.reservation.ReservationServiceStack;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Every alarm reaches someone (the platform's alarm topic, when it fires and when it
 * clears), and the alarms watch what the services really publish.
 */
class AlarmsTest {

    @Test
    void everyAlarmOfEveryStackNotifiesItsEnvironmentsAlarmTopic() {
        for (InfraApp.Stacks stacks : List.of(SynthesizedInfra.stacks(), SynthesizedInfra.staging())) {
            String alarmTopic = logicalId(stacks.platform().alarmTopic());
            List<String> alarms = new ArrayList<>();
            for (Stack stack : stacks.all()) {
                resources(SynthesizedInfra.template(stack), "AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
                    alarms.add(stack.getStackName() + "/" + id);
                    for (String actions : List.of("AlarmActions", "OKActions")) {
                        assertThat(list(properties(alarm).get(actions))).as("%s %s of %s", actions, id, stack)
                            .singleElement()
                            .satisfies(action -> assertThat(String.valueOf(action))
                                .contains(stacks.platform().getStackName() + ":", alarmTopic));
                    }
                });
            }
            assertThat(alarms).hasSize(8);
        }
    }

    @Test
    void theAlarmTopicMailsTheGivenAddress() {
        Template platform = SynthesizedInfra.template(SynthesizedInfra.stacks().platform());
        platform.resourceCountIs("AWS::SNS::Topic", 1);
        platform.resourceCountIs("AWS::SNS::Subscription", 0);
        SynthesizedInfra.template(SynthesizedInfra.staging().platform())
            .hasResourceProperties("AWS::SNS::Subscription",
                    Map.of("Protocol", "email", "Endpoint", SynthesizedInfra.ALARM_EMAIL));
    }

    @Test
    void alarmsExistForEverySignalTheServicesAndQueuesGive() {
        InfraApp.Stacks stacks = SynthesizedInfra.stacks();
        assertThat(alarmIds(stacks.memberService())).anyMatch(id -> id.startsWith("OutboxEventWaitingTooLong"))
            .anyMatch(id -> id.startsWith("OutboxPublishFailing"));
        assertThat(alarmIds(stacks.reservationService())).anyMatch(id -> id.startsWith("MemberEventPropagationSlow"))
            .anyMatch(id -> id.startsWith("MemberEventsConsumerStalled"));
        assertThat(alarmIds(stacks.reservationMessaging())).anyMatch(id -> id.startsWith("DeadLetterQueueNotEmpty"))
            .anyMatch(id -> id.startsWith("OldestMessageTooOld"))
            .anyMatch(id -> id.startsWith("UndeliverableEvents"))
            .anyMatch(id -> id.startsWith("NotificationsFailed"));
    }

    @Test
    void serviceAlarmsWatchTheMetersInTheNamespaceTheServiceIsToldToUse() {
        InfraApp.Stacks stacks = SynthesizedInfra.stacks();
        Template member = SynthesizedInfra.template(stacks.memberService());
        String memberNamespace = stacks.memberService().service().metricsNamespace();
        assertThat(memberNamespace).isEqualTo("member-reservation-events/prod/member-service");

        Map<String, Object> oldest = alarm(member, "OutboxEventWaitingTooLong");
        assertThat(oldest).containsEntry("Namespace", memberNamespace)
            .containsEntry("MetricName", "outbox.events.pending.oldest.age.value")
            .containsEntry("Statistic", "Maximum")
            .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(TemplateJson.intValue(oldest.get("Threshold"))).isEqualTo(60);
        assertThat(alarm(member, "OutboxPublishFailing")).containsEntry("MetricName", "outbox.publish.failures.count")
            .containsEntry("Statistic", "Sum")
            .containsEntry("EvaluationPeriods", 5)
            .containsEntry("DatapointsToAlarm", 5);

        Template reservation = SynthesizedInfra.template(stacks.reservationService());
        String reservationNamespace = stacks.reservationService().service().metricsNamespace();
        Map<String, Object> p99 = alarm(reservation, "MemberEventPropagationSlow");
        assertThat(p99).containsEntry("Namespace", reservationNamespace)
            .containsEntry("MetricName", "member.events.propagation.percentile.value")
            .containsEntry("Dimensions", List.of(Map.of("Name", "phi", "Value", "0.99")));
        assertThat(TemplateJson.intValue(p99.get("Threshold"))).isEqualTo(1000);

        // the namespace the services push to, and the only one their task role may
        for (ServiceCase service : ServiceCase.all()) {
            Map<String, Object> environment = TemplateJson.namedValues(
                    TemplateJson.container(service.template(), service.spec().name()).get("Environment"), "Value");
            assertThat(environment.get("CLOUDWATCH_METRICS_NAMESPACE")).isEqualTo(service.service().metricsNamespace());
            assertThat(TemplateJson.statementsOfRole(service.template(), logicalId(service.service().taskRole())))
                .anySatisfy(statement -> {
                    assertThat(statement.get("Action")).isEqualTo("cloudwatch:PutMetricData");
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals",
                            Map.of("cloudwatch:namespace", service.service().metricsNamespace())));
                });
        }
    }

    @Test
    void aConsumerThatAppliesNothingWhileMessagesWaitIsNoticed() {
        Map<String, Object> stalled = alarm(SynthesizedInfra.template(SynthesizedInfra.stacks().reservationService()),
                "MemberEventsConsumerStalled");
        List<Map<String, Object>> queries = list(stalled.get("Metrics")).stream().map(TemplateJson::map).toList();
        Map<String, Object> expression = queries.stream()
            .filter(q -> q.containsKey("Expression"))
            .findFirst()
            .orElseThrow();
        assertThat(String.valueOf(expression.get("Expression"))).startsWith("IF(oldest > 0 AND (")
            .endsWith(") == 0, 1, 0)");
        // messages not yet deleted, visible or in flight
        assertThat(queries).filteredOn(q -> "oldest".equals(q.get("Id")))
            .singleElement()
            .satisfies(
                    q -> assertThat(map(map(q.get("MetricStat")).get("Metric"))).containsEntry("Namespace", "AWS/SQS")
                        .containsEntry("MetricName", "ApproximateAgeOfOldestMessage"));
        List<Map<String, Object>> applied = queries.stream()
            .filter(q -> String.valueOf(q.get("Id")).startsWith("applied"))
            .map(q -> map(map(q.get("MetricStat")).get("Metric")))
            .toList();
        // every event type with every outcome the consumer counts
        assertThat(applied)
            .hasSize(Topology.MEMBER_EVENTS.eventTypes().size() * ReservationServiceStack.APPLY_OUTCOMES.size())
            .allSatisfy(metric -> assertThat(metric.get("MetricName")).isEqualTo("member.events.applied.count"));
        assertThat(TemplateJson.intValue(stalled.get("EvaluationPeriods"))).isEqualTo(5);
    }

    /**
     * Renaming a meter in a service without changing its alarm fails here: each meter an
     * alarm names is a string in that service's code, and ApplyOutcome has exactly the
     * outcomes the stalled-consumer alarm adds up.
     */
    @Test
    void theMetersTheAlarmsNameExistInTheServices() {
        String member = mainSources("member-service");
        String reservation = mainSources("reservation-service");
        assertThat(member).contains("\"" + MemberServiceStack.OLDEST_PENDING_AGE_METER + "\"",
                "\"" + MemberServiceStack.PUBLISH_FAILURES_METER + "\"");
        assertThat(reservation).contains("\"" + ReservationServiceStack.APPLIED_METER + "\"",
                "\"" + ReservationServiceStack.PROPAGATION_METER + "\"");
        String outcomes = read(TopologyDriftTest.MODULE_DIR.resolve(
                "../reservation-service/src/main/java/com/example/events/reservationservice/memberreplica/ApplyOutcome.java"));
        outcomes = outcomes.replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "");
        int open = outcomes.indexOf('{');
        int end = outcomes.indexOf(';', open) > 0 ? outcomes.indexOf(';', open) : outcomes.lastIndexOf('}');
        String constants = outcomes.substring(open + 1, end);
        List<String> declared = Stream.of(constants.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase())
            .toList();
        assertThat(declared).containsExactlyInAnyOrderElementsOf(ReservationServiceStack.APPLY_OUTCOMES);
    }

    private static Map<String, Object> alarm(Template template, String idPrefix) {
        return resources(template, "AWS::CloudWatch::Alarm").entrySet()
            .stream()
            .filter(e -> e.getKey().startsWith(idPrefix))
            .map(e -> properties(e.getValue()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no alarm " + idPrefix));
    }

    private static List<String> alarmIds(Stack stack) {
        return List.copyOf(resources(SynthesizedInfra.template(stack), "AWS::CloudWatch::Alarm").keySet());
    }

    static String mainSources(String module) {
        Path root = TopologyDriftTest.MODULE_DIR.resolve("../" + module + "/src/main/java").normalize();
        try (Stream<Path> files = Files.walk(root)) {
            StringBuilder all = new StringBuilder();
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> all.append(read(f)));
            return all.toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}

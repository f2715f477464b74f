package com.example.events.infra;

import static com.example.events.infra.TemplateJson.intValue;
import static com.example.events.infra.TemplateJson.map;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.refersTo;
import static com.example.events.infra.TemplateJson.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import software.amazon.awscdk.assertions.Template;

/**
 * The deployed topology must be the local one: names, maxReceiveCount and visibility
 * timeout are read from the services' own application.yml and compared with Topology and
 * with what the stacks synthesize. Renaming a queue in one place only fails here.
 */
class TopologyDriftTest {

    static final Path MODULE_DIR = Path.of(System.getProperty("basedir", "."));
    static final Path MEMBER_YAML = MODULE_DIR.resolve("../member-service/src/main/resources/application.yml")
        .normalize();
    static final Path RESERVATION_YAML = MODULE_DIR.resolve("../reservation-service/src/main/resources/application.yml")
        .normalize();

    /**
     * `${VARIABLE:default}`: on AWS nothing sets the variable, so the default is the
     * value.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[^:}]+:(.*)}$");

    private final Topology topology = Topology.MEMBER_EVENTS;

    @Test
    void reservationServiceYamlMatchesTopology() {
        List<Map<String, Object>> yaml = load(RESERVATION_YAML);

        assertThat(value(yaml, "messaging.topic-name")).isEqualTo(topology.topicName());
        assertThat(value(yaml, "messaging.queue-name")).isEqualTo(topology.queueName());
        assertThat(value(yaml, "messaging.dead-letter-queue-name")).isEqualTo(topology.deadLetterQueueName());
        assertThat(Integer.parseInt(value(yaml, "messaging.max-receive-count"))).isEqualTo(topology.maxReceiveCount());
        assertThat(Integer.parseInt(value(yaml, "messaging.visibility-timeout-seconds")))
            .isEqualTo(topology.visibilityTimeoutSeconds());
        assertThat(Integer.parseInt(value(yaml, "messaging.message-retention-seconds")))
            .isEqualTo(topology.messageRetentionSeconds());
        assertThat(value(yaml, "messaging.subscriber-name")).isEqualTo(topology.subscriberName());
    }

    /**
     * The service provisions this policy locally (MessagingTopology, pinned to it by
     * MessagingTopologyIT), for the subscriber name in its YAML; the deployed
     * subscription must filter exactly the same way.
     */
    @Test
    void synthesizedSubscriptionFiltersLikeTheServiceProvisionsIt() {
        String subscriberName = value(load(RESERVATION_YAML), "messaging.subscriber-name");
        // the contract's policy, which the service's own test holds its subscription to
        Object servicePolicy = new Yaml(new SafeConstructor(new LoaderOptions())).load("""
                {"eventType": ["MemberRegistered", "MemberDeleted", "MemberSnapshot"],
                 "$or": [{"replayFor": [{"exists": false}]}, {"replayFor": ["%s"]}]}
                """.formatted(subscriberName));
        Template template = SynthesizedInfra.template(SynthesizedInfra.stacks().reservationMessaging());
        Map<String, Object> subscription = properties(TemplateJson.only(template, "AWS::SNS::Subscription"));

        assertThat(subscription.get("FilterPolicy")).isEqualTo(servicePolicy);
        assertThat(subscription.get("FilterPolicyScope")).isIn(null, "MessageAttributes");
    }

    @Test
    void memberServiceYamlMatchesTopology() {
        assertThat(value(load(MEMBER_YAML), "messaging.topic-name")).isEqualTo(topology.topicName());
    }

    @Test
    void synthesizedTopicCarriesTheNameBothServicesUse() {
        Template template = SynthesizedInfra.template(SynthesizedInfra.stacks().memberMessaging());
        List<Object> topicNames = resources(template, "AWS::SNS::Topic").values()
            .stream()
            .map(topic -> properties(topic).get("TopicName"))
            .toList();

        assertThat(topicNames).containsExactly(value(load(MEMBER_YAML), "messaging.topic-name"));
        assertThat(topicNames).containsExactly(value(load(RESERVATION_YAML), "messaging.topic-name"));
    }

    @Test
    void synthesizedQueuesCarryTheLocalNamesAndRedriveSettings() {
        List<Map<String, Object>> yaml = load(RESERVATION_YAML);
        Template template = SynthesizedInfra.template(SynthesizedInfra.stacks().reservationMessaging());
        Map<String, Map<String, Object>> queues = resources(template, "AWS::SQS::Queue");

        Map.Entry<String, Map<String, Object>> dlq = queueNamed(queues,
                value(yaml, "messaging.dead-letter-queue-name"));
        Map<String, Object> queue = queueNamed(queues, value(yaml, "messaging.queue-name")).getValue();

        assertThat(intValue(properties(queue).get("VisibilityTimeout")))
            .isEqualTo(Integer.parseInt(value(yaml, "messaging.visibility-timeout-seconds")));
        Map<String, Object> redrive = map(properties(queue).get("RedrivePolicy"));
        assertThat(intValue(redrive.get("maxReceiveCount")))
            .isEqualTo(Integer.parseInt(value(yaml, "messaging.max-receive-count")));
        assertThat(refersTo(redrive.get("deadLetterTargetArn"), dlq.getKey())).as("redrive target is %s", dlq.getKey())
            .isTrue();
        int retention = Integer.parseInt(value(yaml, "messaging.message-retention-seconds"));
        assertThat(intValue(properties(queue).get("MessageRetentionPeriod"))).isEqualTo(retention);
        assertThat(intValue(properties(dlq.getValue()).get("MessageRetentionPeriod"))).isEqualTo(retention);
        // and the subscription's own dead-letter queue, which the services never read
        assertThat(queues).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void containerPortMatchesTheServicesServerPort(ServiceCase service) {
        // the port is the service's business; only when its YAML states one must infra
        // agree
        optionalValue(load(service.yaml()), "server.port")
            .ifPresent(port -> assertThat(Integer.parseInt(port)).as(service + " server.port")
                .isEqualTo(service.spec().port()));

        Map<String, Object> container = TemplateJson.container(service.template(), service.spec().name());
        Map<String, Object> mapping = map(TemplateJson.list(container.get("PortMappings")).get(0));
        assertThat(intValue(mapping.get("ContainerPort"))).isEqualTo(service.spec().port());
    }

    private static Map.Entry<String, Map<String, Object>> queueNamed(Map<String, Map<String, Object>> queues,
            String name) {
        return queues.entrySet()
            .stream()
            .filter(e -> name.equals(properties(e.getValue()).get("QueueName")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no queue named " + name + " in " + queues.keySet()));
    }

    /** All YAML documents of the file that apply without a profile, in order. */
    static List<Map<String, Object>> load(Path file) {
        assertThat(file).as("the service's configuration, the local topology's source of truth").isRegularFile();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml.loadAll(reader)) {
                if (document instanceof Map<?, ?>
                        && optionalValue(List.of(map(document)), "spring.config.activate.on-profile").isEmpty()) {
                    documents.add(map(document));
                }
            }
        }
        catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return documents;
    }

    /** The YAML documents that apply in the given profile only. */
    static List<Map<String, Object>> profile(Path file, String profile) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml.loadAll(reader)) {
                if (document instanceof Map<?, ?>
                        && optionalValue(List.of(map(document)), "spring.config.activate.on-profile")
                            .filter(profile::equals)
                            .isPresent()) {
                    documents.add(map(document));
                }
            }
        }
        catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        assertThat(documents).as("a %s profile in %s", profile, file).isNotEmpty();
        return documents;
    }

    static String value(List<Map<String, Object>> documents, String path) {
        return optionalValue(documents, path).orElseThrow(() -> new AssertionError("no " + path + " in the YAML"));
    }

    /** The last profile-less document that sets the dotted path wins, as in Spring. */
    static Optional<String> optionalValue(List<Map<String, Object>> documents, String path) {
        Optional<String> result = Optional.empty();
        for (Map<String, Object> document : documents) {
            Object node = document;
            for (String key : path.split("\\.")) {
                node = node instanceof Map<?, ?> m ? m.get(key) : null;
            }
            if (node != null) {
                result = Optional.of(resolvePlaceholder(String.valueOf(node)));
            }
        }
        return result;
    }

    private static String resolvePlaceholder(String value) {
        Matcher matcher = PLACEHOLDER.matcher(value.trim());
        return matcher.matches() ? matcher.group(1) : value;
    }

}

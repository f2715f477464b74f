package com.example.events.memberservice;

import java.util.List;
import java.util.Map;

import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs in its environment the service logs one ECS
 * JSON object per line, named after the service: what a log collector needs, no
 * configuration file involved. A process of its own, as logging is set up once per JVM.
 */
class StructuredLoggingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theConsoleLogIsEcsJsonWhenTheEnvironmentAsksForIt() {
        List<String> output;
        try (ServiceInItsOwnJvm service = ServiceInItsOwnJvm.start(Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"),
                List.of(TestInfrastructure.applicationArguments("member", "--server.port=0")))) {
            output = service.output();
        }

        List<String> logLines = output.stream().filter(line -> line.contains("\"@timestamp\"")).toList();
        assertThat(logLines).as(String.join("\n", output)).isNotEmpty();
        List<JsonNode> events = logLines.stream().map(JSON::readTree).toList();
        assertThat(events).allSatisfy(event -> {
            assertThat(field(event, "service.name")).isEqualTo("member");
            assertThat(field(event, "log.level")).isNotBlank();
            assertThat(field(event, "message")).isNotBlank();
        });
        assertThat(events)
            .anySatisfy(event -> assertThat(field(event, "message")).startsWith("Started MemberServiceApplication"));
        assertThat(output.stream().filter(line -> line.startsWith("20"))).as("no plain text log lines").isEmpty();
    }

    // ECS names fields with dots; Boot writes them either flat ("log.level") or nested
    // ({"log": {"level"}})
    private static String field(JsonNode event, String name) {
        if (event.has(name)) {
            return event.path(name).asString();
        }
        JsonNode node = event;
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        return node.asString();
    }

}

package com.example.events.memberservice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs in its environment the service logs one ECS
 * JSON object per line, named after the service: what a log collector needs, no
 * configuration file involved. A process of its own, as logging is set up once per JVM.
 */
class StructuredLoggingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theConsoleLogIsEcsJsonWhenTheEnvironmentAsksForIt() throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), MemberServiceApplication.class.getName(),
                        "--spring.profiles.active=test", "--server.port=0"));
        command.addAll(List.of(TestInfrastructure.applicationArguments("member")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> collect(process, output));
        try {
            await().atMost(Duration.ofSeconds(120))
                .until(() -> !process.isAlive() || output.stream().anyMatch(line -> line.contains("Started ")));
        }
        finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
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

    private static void collect(Process process, List<String> output) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        catch (IOException ex) {
            // the process ended
        }
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

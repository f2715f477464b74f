package com.example.events.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's reconcile command, ops/reconcile. */
final class ReconcileScript {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Path SCRIPT = Repository.root().resolve("ops/reconcile");

    private ReconcileScript() {
    }

    /** Against that system's two services. */
    static Run run(LocalSystem system, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--member-url", system.memberService().baseUrl().toString(),
                "--reservation-url", system.reservationService().baseUrl().toString()));
        arguments.addAll(List.of(more));
        return run(arguments, Map.of());
    }

    /**
     * The script as an operator runs it, with the local system's admin credentials unless
     * the environment given says otherwise.
     */
    static Run run(List<String> arguments, Map<String, String> environment) {
        try {
            Path output = Files.createTempFile("reconcile-", ".out");
            Path errors = Files.createTempFile("reconcile-", ".err");
            List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(errors.toFile());
            builder.environment().remove("ADMIN_TOKEN");
            builder.environment().put("ADMIN_USERNAME", LocalSystem.DEFAULT_ADMIN_USERNAME);
            builder.environment().put("ADMIN_PASSWORD", LocalSystem.DEFAULT_ADMIN_PASSWORD);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("reconcile did not finish within 150 s: " + Files.readString(output));
            }
            Run run = new Run(process.exitValue(), Files.readString(output), Files.readString(errors));
            Files.delete(output);
            Files.delete(errors);
            return run;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    record Run(int exit, String stdout, String stderr) {

        /** The last line, the JSON summary. */
        JsonNode summary() {
            List<String> lines = stdout.lines().toList();
            assertThat(lines).as(toString()).isNotEmpty();
            return JSON.readTree(lines.getLast());
        }

        /** The ids listed right under the line that starts with a heading, one deeper. */
        List<String> idsUnder(String heading) {
            List<String> lines = stdout.lines().toList();
            int at = 0;
            while (at < lines.size() && !lines.get(at).startsWith(heading)) {
                at++;
            }
            assertThat(at).as(heading + " in\n" + stdout).isLessThan(lines.size());
            String indent = heading.substring(0, heading.length() - heading.stripLeading().length()) + "  ";
            List<String> ids = new ArrayList<>();
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith(indent)
                    && !lines.get(i).substring(indent.length()).startsWith(" "); i++) {
                ids.add(lines.get(i).strip());
            }
            return ids;
        }

    }

}

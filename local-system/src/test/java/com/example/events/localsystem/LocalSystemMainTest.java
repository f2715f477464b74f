package com.example.events.localsystem;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as run-local.sh runs it: a separate JVM, judged by its exit code and what
 * it prints.
 */
class LocalSystemMainTest {

    @TempDir
    Path workingDirectory;

    @Test
    void aTakenPortEndsItWithOneClearLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = occupy(LocalSystem.RESERVATION_SERVICE_PORT)) {
            Result result = run("--clean");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).hasSize(1);
            assertThat(result.stderr().getFirst()).matches("\\[local-system] port \\d+ is already in use .*");
            assertThat(workingDirectory.resolve(".run-local")).as("nothing started, nothing created").doesNotExist();
        }
    }

    @Test
    void anUnknownArgumentIsAUsageError() throws Exception {
        Result result = run("--what");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).first().isEqualTo("Unknown argument: --what");
        assertThat(result.stderr()).anyMatch(line -> line.startsWith("Usage: ./run-local.sh"));
    }

    // Binding fails when something else holds the port already, which serves the test
    // just as well.
    private static ServerSocket occupy(int port) throws IOException {
        try {
            return new ServerSocket(port);
        }
        catch (IOException alreadyTaken) {
            return new ServerSocket(0);
        }
    }

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), LocalSystemMain.class.getName()));
        command.addAll(List.of(args));
        Path out = workingDirectory.resolve("out.txt");
        Path err = workingDirectory.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

}

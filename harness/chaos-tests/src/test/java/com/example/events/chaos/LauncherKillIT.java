package com.example.events.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher itself SIGKILLed, as the OOM killer or {@code kill -9} does: nothing it
 * started may outlive it, so the next start finds every port free. And when its watchdog
 * dies with it, the next start with the same data directory stops what was left and says
 * so. The launcher is a real JVM ({@link KillableLauncher}) running the whole system;
 * "its processes" are every descendant of it and every process naming its data directory
 * (the PostgreSQL servers, which pg_ctl leaves to init).
 */
// a guard against a hang only
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LauncherKillIT {

    // the watchdog's grace between SIGTERM and SIGKILL is 10 s; a loaded machine on top
    private static final Duration GONE_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path data;

    @Test
    void nothingALauncherStartedOutlivesItsSigkill() throws Exception {
        Launcher first = Launcher.start(data);
        List<ProcessHandle> firstProcesses = first.processes();
        ProcessHandle firstWatchdog = firstProcesses.stream()
            .filter(process -> process.info().commandLine().orElse("").contains("processes.txt"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no watchdog among " + describe(firstProcesses)));
        assertThat(firstProcesses).as("2 services, the broker, 2 PostgreSQL servers, the watchdog")
            .hasSizeGreaterThanOrEqualTo(6);

        // the watchdog killed as well: nothing stops what the launcher started
        firstWatchdog.destroyForcibly();
        first.jvm().destroyForcibly();
        first.jvm().waitFor();
        Thread.sleep(2_000);
        assertThat(firstProcesses.stream().filter(ProcessHandle::isAlive))
            .as("left running by a launcher killed with its watchdog")
            .hasSizeGreaterThanOrEqualTo(5);

        Launcher second = Launcher.start(data);
        assertThat(second.output()).as("what the next start says")
            .anySatisfy(line -> assertThat(line)
                .startsWith(
                        "[local-system] an earlier run with this data directory " + "(launcher pid " + first.jvm().pid()
                                + ") ended without stopping its processes; stopped what " + "it left running: ")
                .contains("member-service (pid ", "reservation-service (pid ", "sns-sqs-broker (pid ",
                        "PostgreSQL on port " + first.ports()[3], "PostgreSQL on port " + first.ports()[4]));
        assertThat(firstProcesses.stream().filter(ProcessHandle::isAlive).map(LauncherKillIT::describe))
            .as("left by the first launcher, after the next start")
            .isEmpty();

        List<ProcessHandle> secondProcesses = second.processes();
        long killed = System.nanoTime();
        second.jvm().destroyForcibly();

        await().atMost(GONE_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(secondProcesses.stream().filter(ProcessHandle::isAlive).map(LauncherKillIT::describe))
                .as("processes of the SIGKILLed launcher still running")
                .isEmpty();
            assertThat(Arrays.stream(second.ports()).filter(LauncherKillIT::listening).boxed().toList())
                .as("its ports still taken")
                .isEmpty();
        });
        System.out.printf("[launcher-kill] %d processes of the SIGKILLed launcher gone, its ports free, after %.1f s%n",
                secondProcesses.size(), (System.nanoTime() - killed) / 1e9);
    }

    private record Launcher(Process jvm, int[] ports, List<String> output, Path data) {

        static Launcher start(Path data) throws IOException {
            Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), KillableLauncher.class.getName(), data.toString())
                .redirectErrorStream(true)
                .start();
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            List<String> output = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[launcher " + jvm.pid() + "] " + line);
                if (line.startsWith(KillableLauncher.PORTS + " ")) {
                    int[] ports = Arrays.stream(line.split(" ")).skip(1).mapToInt(Integer::parseInt).toArray();
                    // whatever it still says goes nowhere, so it never waits for a reader
                    Thread.ofVirtual().start(() -> lines.lines().forEach(ignored -> {
                    }));
                    return new Launcher(jvm, ports, List.copyOf(output), data);
                }
                output.add(line);
            }
            throw new AssertionError(
                    "the launcher exited with " + waitFor(jvm) + " before it was up:\n" + String.join("\n", output));
        }

        /**
         * Every process of it now: its descendants, and every process naming its data
         * directory with their descendants.
         */
        List<ProcessHandle> processes() {
            List<ProcessHandle> naming = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(data.toString()))
                .toList();
            return Stream
                .concat(jvm.descendants(),
                        naming.stream().flatMap(process -> Stream.concat(Stream.of(process), process.descendants())))
                .distinct()
                .toList();
        }

    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        }
        catch (IOException nobody) {
            return false;
        }
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(LauncherKillIT::describe).toList().toString();
    }

}

package com.example.events.localsystem.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import com.example.events.localsystem.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Reconcile and Repair buttons, each running a stand-in for {@code ops/reconcile}
 * that this test writes: a shell script that notes how it was called and prints a JSON
 * last line with the exit code the real command gives for it. The real command against a
 * real system is the e2e ConsoleIT.
 */
class ConsoleReconcileTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    private static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path directory;

    private Console console;

    private URI memberService;

    private URI reservationService;

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void driftFoundOffersRepairAndARepairThatMendsItTakesTheOfferAway() throws Exception {
        start("""
                echo "comparing 3 members with the replica"
                case "$*" in
                  *--repair*) echo '{"members": 3, "replicaActive": 3, "missing": 1, "extra": 1, "repaired": 2}'; exit 0 ;;
                esac
                echo '{"members": 3, "replicaActive": 3, "missing": 1, "extra": 1, "repaired": 0}'
                exit 1
                """);

        HttpResponse<String> check = control("{}");
        assertThat(check.statusCode()).isEqualTo(202);
        assertThat(json.readTree(check.body()).path("started").asString()).isEqualTo(
                "running ops/reconcile: comparing member-service's members with the reservation-service's replica");
        JsonNode found = awaitRun(1);
        assertThat(found.path("missing").asLong()).isEqualTo(1);
        assertThat(found.path("extra").asLong()).isEqualTo(1);
        assertThat(found.path("outcome").asString()).isEqualTo("drift left");
        assertThat(reconcile().path("repairOffered").asBoolean()).isTrue();
        assertThat(activity()).containsPattern("\"FAILED\",\"text\":\"ops/reconcile \\([0-9.]+ s\\): 3 member\\(s\\), "
                + "3 active replica\\(s\\), 1 missing, 1 extra, 0 repaired; exit 1: drift left; Repair runs it with "
                + "--repair\"");

        assertThat(control("{\"repair\": true}").statusCode()).isEqualTo(202);
        JsonNode repaired = awaitRun(0);
        assertThat(repaired.path("repair").asBoolean()).isTrue();
        assertThat(repaired.path("repaired").asLong()).isEqualTo(2);
        assertThat(repaired.path("outcome").asString()).isEqualTo("no drift left");
        assertThat(reconcile().path("repairOffered").asBoolean()).isFalse();
        assertThat(activity()).containsPattern("\"DONE\",\"text\":\"ops/reconcile --repair \\([0-9.]+ s\\): "
                + "3 member\\(s\\), 3 active replica\\(s\\), 1 missing, 1 extra, 2 repaired; exit 0: no drift left\"");

        assertThat(Files.readAllLines(directory.resolve("calls"))).containsExactly(
                "--member-url " + memberService + " --reservation-url " + reservationService
                        + " --subscriber reservation as admin:admin",
                "--member-url " + memberService + " --reservation-url " + reservationService
                        + " --subscriber reservation --repair as admin:admin");
    }

    @Test
    void oneRunAtATime() throws Exception {
        start("""
                while [ ! -e "$(dirname "$0")/../go-on" ]; do sleep 0.1; done
                echo '{"members": 0, "replicaActive": 0, "missing": 0, "extra": 0, "repaired": 0}'
                """);

        assertThat(control("{}").statusCode()).isEqualTo(202);
        HttpResponse<String> second = control("{\"repair\": true}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json.readTree(second.body()).path("detail").asString()).isEqualTo("One ops/reconcile at a time: "
                + "still running ops/reconcile: comparing member-service's members with the reservation-service's "
                + "replica");
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(reconcile().path("running").asString())
                .startsWith("running ops/reconcile: comparing"));

        Files.createFile(directory.resolve("go-on"));
        assertThat(awaitRun(0).path("outcome").asString()).isEqualTo("no drift left");
        assertThat(reconcile().path("running").isNull()).isTrue();
        assertThat(control("{}").statusCode()).as("once the first has ended").isEqualTo(202);
    }

    @Test
    void aRunThatCouldNotCompareSaysWhyAndOffersNoRepair() throws Exception {
        start("""
                echo "reservation-service did not answer: connection refused" >&2
                echo '{"members": 3, "replicaActive": null, "missing": null, "extra": null, "repaired": 0}'
                exit 2
                """);

        assertThat(control("{}").statusCode()).isEqualTo(202);

        JsonNode run = awaitRun(2);
        assertThat(run.path("outcome").asString()).isEqualTo("could not compare");
        assertThat(run.path("problem").asString()).isEqualTo("reservation-service did not answer: connection refused");
        assertThat(run.path("missing").isNull()).isTrue();
        assertThat(reconcile().path("repairOffered").asBoolean()).isFalse();
        assertThat(activity()).contains("ops/reconcile", "3 member(s), ? active replica(s), ? missing, ? extra, "
                + "0 repaired; exit 2: could not compare (reservation-service did not answer: connection refused)");
    }

    @Test
    void aRunWithoutItsJsonLineShowsWhatItSaidLastAndOffersNoRepair() throws Exception {
        start("""
                echo 'Traceback (most recent call last):' >&2
                echo 'KeyError: missing' >&2
                exit 1
                """);

        assertThat(control("{}").statusCode()).isEqualTo(202);

        JsonNode run = awaitRun(1);
        assertThat(run.path("problem").asString())
            .isEqualTo("its last line is not the JSON summary: KeyError: missing");
        assertThat(reconcile().path("repairOffered").asBoolean()).isFalse();
    }

    @Test
    void aRunThatOutlivesItsTimeoutIsStoppedWithWhatItStarted() throws Exception {
        Path command = script("""
                sleep 300 &
                echo $! > "$(dirname "$0")/../child"
                wait
                """);
        ActivityLog log = new ActivityLog();
        try (ReconcileCommand reconcile = new ReconcileCommand(command, URI.create("http://localhost:1"),
                URI.create("http://localhost:2"), AdminCredentials.defaults(), Duration.ofSeconds(1), log, json)) {
            reconcile.start(false);

            await().atMost(Duration.ofSeconds(20)).until(() -> reconcile.view().last() != null);
            assertThat(reconcile.view().last().problem())
                .isEqualTo("did not finish within 1 s, so the console stopped it");
            assertThat(log.newestFirst().getFirst().text())
                .isEqualTo("ops/reconcile did not finish within 1 s, so the console stopped it");
            long child = Long.parseLong(Files.readString(directory.resolve("child")).strip());
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive))
                    .as("the sleep it started")
                    .isEmpty());
        }
    }

    private void start(String body) throws IOException {
        Path command = script("""
                echo "$*" as "$ADMIN_USERNAME:$ADMIN_PASSWORD" >> "$(dirname "$0")/../calls"
                """ + body);
        memberService = URI.create("http://localhost:" + closedPort());
        reservationService = URI.create("http://localhost:" + closedPort());
        console = Console.start(
                new Console.Target("member-service", memberService, "reservation-service", reservationService,
                        new Broker(memberService, "us-east-1", "local", "local"), List.of(), command),
                0, AdminCredentials.defaults());
    }

    private Path script(String body) throws IOException {
        Path command = directory.resolve("ops/reconcile");
        Files.createDirectories(command.getParent());
        Files.writeString(command, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwx------"));
        return command;
    }

    private JsonNode awaitRun(int exitCode) throws Exception {
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(reconcile().path("last").path("exitCode").asInt(-1)).isEqualTo(exitCode));
        return reconcile().path("last");
    }

    private HttpResponse<String> control(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(console.url().resolve("/api/controls/reconcile"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode state() throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(console.url().resolve("/api/state")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
    }

    private JsonNode reconcile() throws Exception {
        return state().path("reconcile");
    }

    private String activity() throws Exception {
        return state().path("activity").toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}

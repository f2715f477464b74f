package com.example.events.localsystem.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.example.events.localsystem.Broker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backfill panel and button in front of a member-service this test plays: four
 * members stored, a backfill status that only the admin may read, a refusal while one
 * runs; and an older member-service that has no backfill at all.
 */
class ConsoleBackfillTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final Instant STARTED = Instant.parse("2026-12-07T18:00:00Z");

    private HttpServer memberService;

    private Console console;

    private final AtomicReference<String> current = new AtomicReference<>(status("IDLE", null, null, null, null));

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
        memberService.stop(0);
    }

    @Test
    void aBackfillStartedHereShowsHowManyOfTheStoredMembersItScannedAndTheActivityLogSaysHowItEnded() throws Exception {
        start(() -> {
            current.set(status("RUNNING", 0L, 0L, STARTED, null));
            return current.get();
        });

        HttpResponse<String> started = control();
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(json.readTree(started.body()).path("started").asString())
            .isEqualTo("backfill: member-service announces every member it stores as a MemberSnapshot");

        current.set(status("RUNNING", 1L, 1L, STARTED, null));
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(backfill().path("progress").asString())
                .isEqualTo("1 of 4 members scanned (25 %)"));
        JsonNode running = backfill();
        assertThat(running.path("state").asString()).isEqualTo("RUNNING");
        assertThat(running.path("percent").asInt()).isEqualTo(25);
        assertThat(running.path("startedAt").asString()).isEqualTo(STARTED.toString());
        assertThat(running.path("problem").isNull()).isTrue();

        HttpResponse<String> again = control();
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(detail(again)).isEqualTo("member-service runs a backfill already: 409 (A backfill is running)");

        current.set(status("DONE", 4L, 4L, STARTED, STARTED.plusMillis(3200)));
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(activity()).contains(
                    "\"DONE\",\"text\":\"backfill done in 3.2 s: 4 member(s) scanned, 4 MemberSnapshot event(s) emitted\""));
        JsonNode done = backfill();
        assertThat(done.path("state").asString()).isEqualTo("DONE");
        assertThat(done.path("percent").asInt()).isEqualTo(100);
        assertThat(done.path("progress").asString()).isEqualTo("4 member(s) scanned");
        assertThat(done.path("finishedAt").asString()).isEqualTo(STARTED.plusMillis(3200).toString());
        assertThat(activity()).containsOnlyOnce("backfill done");
    }

    @Test
    void aBackfillThatEndsBeforeTheNextSampleIsStillReported() throws Exception {
        // member-service answers 202 and the run has failed by the time the console looks
        start(() -> {
            current.set(status("FAILED", 2L, 1L, STARTED, STARTED.plusMillis(400)));
            return status("RUNNING", 0L, 0L, STARTED, null);
        });

        assertThat(control().statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(activity()).contains("\"FAILED\",\"text\":\"backfill FAILED in 0.4 s: 2 "
                    + "member(s) scanned, 1 MemberSnapshot event(s) emitted; member-service's log says why\""));
        assertThat(backfill().path("progress").asString()).isEqualTo("2 of 4 members scanned (50 %)");
    }

    @Test
    void anOlderMemberServiceWithoutBackfillIsSaidSoAndTheRestOfThePageStays() throws Exception {
        start(null);

        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(state().path("membersStored").asLong()).isEqualTo(4));
        JsonNode backfill = backfill();
        assertThat(backfill.path("state").isNull()).isTrue();
        assertThat(backfill.path("problem").asString())
            .isEqualTo("member-service has no backfill (/admin/events/backfill answers 404): an older member-service");

        HttpResponse<String> refused = control();
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(detail(refused)).isEqualTo(backfill.path("problem").asString());
    }

    /**
     * Plays member-service: its member count, and, unless {@code onStart} is null (an
     * older member-service), the backfill endpoints; {@code onStart} starts a run and
     * gives the 202's status.
     */
    private void start(Supplier<String> onStart) throws IOException {
        memberService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        memberService.createContext("/members",
                exchange -> answer(exchange, 200, "{\"content\": [], \"page\": {\"totalElements\": 4}}"));
        memberService.createContext("/admin/events/backfill", exchange -> {
            if (onStart == null) {
                answer(exchange, 404, "{\"status\": 404, \"detail\": \"No static resource\"}");
            }
            else if (!AdminCredentials.defaults()
                .authorization()
                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "");
            }
            else if (exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 200, current.get());
            }
            else if (current.get().contains("RUNNING")) {
                answer(exchange, 409, "{\"status\": 409, \"detail\": \"A backfill is running\"}");
            }
            else {
                answer(exchange, 202, onStart.get());
            }
        });
        memberService.start();
        URI members = URI.create("http://localhost:" + memberService.getAddress().getPort());
        URI nobody = URI.create("http://localhost:" + closedPort());
        console = Console.start(
                new Console.Target("member-service", members, "reservation-service", nobody,
                        new Broker(nobody, "us-east-1", "local", "local"), List.of(), Path.of("ops/reconcile")),
                0, AdminCredentials.defaults());
    }

    private static String status(String state, Long scanned, Long emitted, Instant startedAt, Instant finishedAt) {
        return "{\"state\": \"%s\", \"scanned\": %s, \"emitted\": %s, \"startedAt\": %s, \"finishedAt\": %s}"
            .formatted(state, scanned, emitted, quoted(startedAt), quoted(finishedAt));
    }

    private static String quoted(Instant instant) {
        return instant == null ? "null" : "\"" + instant + "\"";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
            .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private HttpResponse<String> control() throws Exception {
        return http.send(HttpRequest.newBuilder(console.url().resolve("/api/controls/backfill"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode state() throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(console.url().resolve("/api/state")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
    }

    private JsonNode backfill() throws Exception {
        return state().path("backfill");
    }

    private String activity() throws Exception {
        return state().path("activity").toString();
    }

    private static String detail(HttpResponse<String> answer) {
        return json.readTree(answer.body()).path("detail").asString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}

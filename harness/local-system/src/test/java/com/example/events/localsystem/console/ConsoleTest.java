package com.example.events.localsystem.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.events.localsystem.Broker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's own HTTP surface over real HTTP, in front of services and a broker that
 * do not answer, with one part whose handles only record that they ran. The whole system
 * behind it, in a real browser, is the e2e ConsoleIT.
 */
class ConsoleTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final AtomicBoolean running = new AtomicBoolean(true);

    private static final Path NO_RECONCILE = Path.of("no-checkout-here", "ops", "reconcile").toAbsolutePath();

    private static Console console;

    @BeforeAll
    static void start() throws IOException {
        URI nobody = URI.create("http://localhost:" + closedPort());
        Part worker = new Part("worker", "reservation-service", running::get, List.of("reservation-service"), List.of(
                new Part.Handle("stop", "Stop", "stopping", "stopped", Part.Effect.STOPS, () -> running.set(false)),
                new Part.Handle("start", "Start", "starting", "started", Part.Effect.STARTS, () -> running.set(true)),
                new Part.Handle("cut", "Cut", "cutting", "cut off", Part.Effect.CUTS, () -> {
                }), new Part.Handle("restore", "Restore", "restoring", "restored", Part.Effect.RESTORES, () -> {
                })));
        console = Console.start(
                new Console.Target("member-service", nobody, "reservation-service", nobody,
                        new Broker(nobody, "us-east-1", "local", "local"), List.of(worker), NO_RECONCILE),
                0, AdminCredentials.defaults());
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void servesThePageItsScriptAndStyle() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"/console.js\"");
        assertThat(get("/console.js").statusCode()).isEqualTo(200);
        assertThat(get("/console.css").statusCode()).isEqualTo(200);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void theStateSaysWhatDoesNotAnswer() throws Exception {
        JsonNode state = json.readTree(get("/api/state").body());

        assertThat(state.path("memberService").path("health").asString()).isEqualTo("DOWN");
        assertThat(state.path("memberService").path("live").asString()).isEqualTo("no answer");
        assertThat(state.path("outbox").path("pending").isNull()).isTrue();
        assertThat(state.path("queue").path("problem").asString()).isEqualTo("the broker did not answer");
        assertThat(state.path("parts").get(0).path("name").asString()).isEqualTo("worker");
        assertThat(state.path("backfill").path("state").isNull()).isTrue();
        assertThat(state.path("backfill").path("problem").asString())
            .isEqualTo("member-service does not answer (connection refused)");
        assertThat(state.path("reconcile").path("running").isNull()).isTrue();
        assertThat(state.path("reconcile").path("last").isNull()).isTrue();
        assertThat(state.path("reconcile").path("repairOffered").asBoolean()).isFalse();
    }

    @Test
    void aBackfillIsRefusedWhileMemberServiceDoesNotAnswer() throws Exception {
        HttpResponse<String> backfill = post("/api/controls/backfill", "application/json", "{}", null);

        assertThat(backfill.statusCode()).isEqualTo(502);
        assertThat(detail(backfill))
            .isEqualTo("member-service did not start a backfill: no answer (connection refused)");
        assertThat(activity()).doesNotContain("backfill");
    }

    @Test
    void aReconcileIsRefusedWithoutTheCommandToRunOrWithABadBody() throws Exception {
        HttpResponse<String> reconcile = post("/api/controls/reconcile", "application/json", "{}", null);
        HttpResponse<String> badRepair = post("/api/controls/reconcile", "application/json", "{\"repair\": \"yes\"}",
                null);

        assertThat(reconcile.statusCode()).isEqualTo(404);
        assertThat(detail(reconcile)).isEqualTo("There is no " + NO_RECONCILE + " to run");
        assertThat(badRepair.statusCode()).isEqualTo(400);
        assertThat(detail(badRepair)).isEqualTo("repair must be true or false");
        assertThat(activity()).doesNotContain("ops/reconcile");
    }

    @Test
    void aControlTakesJsonFromThisConsolesOwnPageOnly() throws Exception {
        assertThat(post("/api/controls/poison", "text/plain", "{}", null).statusCode()).as("cross-site text/plain")
            .isEqualTo(415);
        assertThat(post("/api/controls/poison", "application/x-www-form-urlencoded", "a=b", null).statusCode())
            .as("cross-site form")
            .isEqualTo(415);
        assertThat(post("/api/controls/poison", "application/json", "{}", "http://evil.example").statusCode())
            .as("another origin")
            .isEqualTo(403);
        assertThat(statusWithHost("/api/state", "evil.example:" + console.url().getPort()))
            .as("another host name (DNS rebinding)")
            .isEqualTo(403);
        assertThat(post("/api/controls/poison", "application/json", "[1]", null).statusCode()).isEqualTo(400);
        assertThat(post("/api/controls/no-such", "application/json", "{}", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/controls/poison").statusCode()).isEqualTo(405);
    }

    @Test
    void aControlWithABadValueSaysWhichAndStartsNothing() throws Exception {
        HttpResponse<String> answer = post("/api/controls/register", "application/json",
                "{\"members\": 0, \"reservationsPerMember\": 1}", null);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(answer.body()).path("detail").asString())
            .isEqualTo("members must be a whole number from 1 to 50");
    }

    @Test
    void aPartsHandleRunsAndTheActivityLogSaysWhatItDidAndWhatCameOfIt() throws Exception {
        HttpResponse<String> stop = post("/api/controls/part", "application/json",
                "{\"part\": \"worker\", \"handle\": \"stop\"}", "http://localhost:" + console.url().getPort());

        assertThat(stop.statusCode()).isEqualTo(202);
        assertThat(json.readTree(stop.body()).path("started").asString()).isEqualTo("worker: stopping");
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(activity()).contains("worker stopped in")
                .containsPattern("reservation-service NOT READY [0-9.]+ s after worker stopped"));
        assertThat(running).isFalse();

        post("/api/controls/part", "application/json", "{\"part\": \"worker\", \"handle\": \"start\"}", null);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(activity()).contains("worker started in"));
        assertThat(running).isTrue();

        post("/api/controls/part", "application/json", "{\"part\": \"worker\", \"handle\": \"cut\"}", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(part().path("cut").asBoolean()).isTrue());
        post("/api/controls/part", "application/json", "{\"part\": \"worker\", \"handle\": \"restore\"}", null);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(part().path("cut").asBoolean()).isFalse());
        assertThat(
                post("/api/controls/part", "application/json", "{\"part\": \"worker\", \"handle\": \"explode\"}", null)
                    .statusCode())
            .isEqualTo(404);
    }

    @Test
    void aControlWhoseServiceDoesNotAnswerSaysSoInTheActivityLog() throws Exception {
        assertThat(post("/api/controls/redrive", "application/json", "{}", null).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(15))
            .untilAsserted(() -> assertThat(activity()).contains(
                    "\"FAILED\",\"text\":\"redriving the dead-letter queue failed: no answer (connection refused)\""));
    }

    private static String detail(HttpResponse<String> answer) {
        return json.readTree(answer.body()).path("detail").asString();
    }

    private static JsonNode part() throws Exception {
        return json.readTree(get("/api/state").body()).path("parts").get(0);
    }

    private static String activity() throws Exception {
        return json.readTree(get("/api/state").body()).path("activity").toString();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(console.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(console.url().resolve(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // HttpClient does not let a caller set Host; a raw request can
    private static int statusWithHost(String path, String host) throws IOException {
        try (Socket socket = new Socket("localhost", console.url().getPort())) {
            socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}

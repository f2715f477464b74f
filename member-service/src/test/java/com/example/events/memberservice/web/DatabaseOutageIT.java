package com.example.events.memberservice.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.example.events.localsystem.BrokerProxy;
import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.MemberServiceApplication;
import com.example.events.testsupport.Postgres;
import com.example.events.testsupport.SubscribedQueue;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service loses its database: a TCP proxy between it and PostgreSQL resets every
 * connection, open or new, as a network failure or a database reboot does, while the
 * server itself keeps running. The service runs on a database of its own, so that nothing
 * but its own relay can publish from it.
 */
class DatabaseOutageIT {

    private static final String DATABASE = "member_outage";

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Test
    void theApiAnswers503WithinTwoSecondsReadinessGoesDownAndTheRelayResumesByItself() {
        Postgres postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl(DATABASE);
        JdbcClient database = JdbcClient
            .create(new DriverManagerDataSource(url, postgres.username(), postgres.password()));
        try (BrokerProxy cut = BrokerProxy.start("member-database", URI.create(url.substring("jdbc:".length())));
                ConfigurableApplicationContext service = start(url, cut)) {
            database.sql("truncate member, event_log").update();
            var api = new MemberApi(((WebServerApplicationContext) service).getWebServer().getPort());
            UUID member = id(api.register("Before", "before-" + UUID.randomUUID() + "@example.com"));
            assertThat(subscription.receive(1, Duration.ofSeconds(15))).hasSize(1);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(api, "/actuator/health/readiness")).isEqualTo(200));

            cut.cut();

            Map<String, Supplier<ResponseEntity<JsonNode>>> requests = new LinkedHashMap<>();
            requests.put("POST /members", () -> api.register("During", "during-" + UUID.randomUUID() + "@example.com"));
            requests.put("GET /members/{id}", () -> api.get("/members/" + member));
            requests.put("GET /members", () -> api.get("/members"));
            requests.put("DELETE /members/{id}", () -> api.delete("/members/" + member));
            requests.put("GET /admin/outbox", () -> api.asAdmin("GET", "/admin/outbox", null));
            requests.put("GET /admin/events", () -> api.asAdmin("GET", "/admin/events", null));
            requests.put("POST /admin/events/replay",
                    () -> api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", 0)));
            for (int round = 0; round < 3; round++) {
                requests.forEach(DatabaseOutageIT::assertAnsweredUnavailableInTime);
            }
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(api, "/actuator/health/readiness")).isEqualTo(503));
            assertThat(status(api, "/actuator/health/liveness")).isEqualTo(200);
            assertThat(database.sql("select count(*) from member").query(Long.class).single())
                .as("nothing half done: the one member from before, not deleted, no other")
                .isEqualTo(1);
            assertThat(database.sql("select count(*) from event_log").query(Long.class).single()).isEqualTo(1);

            // an event only the relay's own polling can find: no request of this service
            // wakes it
            UUID eventId = UUID.randomUUID();
            database.sql("""
                    insert into event_log (event_id, event_type, schema_version, member_id, occurred_at)
                    values (:eventId, 'MemberRegistered', 1, :member, now())
                    """).param("eventId", eventId).param("member", UUID.randomUUID()).update();

            cut.restore();

            List<Message> published = subscription.receive(1, Duration.ofSeconds(20));
            assertThat(published).as("the relay resumed by itself").hasSize(1);
            assertThat(published.getFirst().body()).contains(eventId.toString());
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(api, "/actuator/health/readiness")).isEqualTo(200));
            assertThat(api.register("After", "after-" + UUID.randomUUID() + "@example.com").getStatusCode().value())
                .isEqualTo(201);
        }
    }

    private static void assertAnsweredUnavailableInTime(String name, Supplier<ResponseEntity<JsonNode>> request) {
        Instant sent = Instant.now();
        ResponseEntity<JsonNode> response = request.get();
        Duration took = Duration.between(sent, Instant.now());
        System.out.printf("[database-outage] %s answered %d in %d ms%n", name, response.getStatusCode().value(),
                took.toMillis());
        assertThat(response.getStatusCode().value()).as(name + ": " + response.getBody()).isEqualTo(503);
        assertThat(took).as(name + " answered within " + ANSWER_WITHIN).isLessThan(ANSWER_WITHIN);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getBody().get("type").asString()).isEqualTo("/problems/database-unavailable");
        assertThat(response.getBody().get("status").asInt()).isEqualTo(503);
    }

    private static UUID id(ResponseEntity<JsonNode> registered) {
        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        return UUID.fromString(registered.getBody().get("id").asString());
    }

    private static int status(MemberApi api, String path) {
        return api.get(path).getStatusCode().value();
    }

    private static ConfigurableApplicationContext start(String url, BrokerProxy toDatabase) {
        List<String> arguments = new ArrayList<>(List.of(TestInfrastructure.applicationArguments(DATABASE)));
        arguments.removeIf(argument -> argument.startsWith("--spring.datasource.url="));
        arguments.add("--spring.datasource.url="
                + url.replaceFirst("//[^/]+/", "//localhost:" + toDatabase.endpoint().getPort() + "/"));
        arguments.add("--server.port=0");
        return new SpringApplicationBuilder(MemberServiceApplication.class).run(arguments.toArray(String[]::new));
    }

}

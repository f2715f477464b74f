package com.example.events.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace id finds a request in both services: the member-service stores the request's
 * trace context with the event and sends it as the {@code traceparent} message attribute;
 * the reservation-service continues that trace while it applies the event, so its log
 * lines for it carry the same trace id.
 */
class TraceAcrossServicesIT {

    private static LocalSystem system;

    @BeforeAll
    static void start() {
        system = Systems.builder()
            // the consumer logs each applied event at debug level
            .environment("LOGGING_LEVEL_COM_EXAMPLE_EVENTS_RESERVATIONSERVICE_MESSAGING", "DEBUG")
            .start();
    }

    @AfterAll
    static void stop() {
        Systems.stop(system);
    }

    @Test
    void theConsumersLogLinesForAnEventCarryTheTraceIdOfTheRequestThatCausedIt() {
        Api members = new Api(system.memberService());
        Api reservations = new Api(system.reservationService());
        var registered = members.post("/members",
                Map.of("name", "Han Trace", "email", "trace." + UUID.randomUUID() + "@example.com"));
        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        String memberId = registered.getBody().get("id").asString();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> reservations.get("/member-replica/" + memberId).getStatusCode().value() == 200);

        String traceId = "5c1e2f0a9b8d7c6e5f4a3b2c1d0e9f8a";
        var deleted = members.delete("/members/" + memberId, "traceparent", "00-" + traceId + "-1a2b3c4d5e6f7a8b-01");
        assertThat(deleted.getStatusCode().value()).isEqualTo(204);

        assertThat(linesAbout(system.memberService(), "Stored MemberDeleted for member " + memberId))
            .as("member-service's log line for the request")
            .singleElement()
            .asString()
            .contains(traceId);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(linesAbout(system.reservationService(), "MemberDeleted", memberId))
                .as("reservation-service's log lines for applying the event")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(traceId)));
    }

    private static List<String> linesAbout(ServiceProcess service, String... fragments) {
        try {
            return Files.readAllLines(service.logFile(), StandardCharsets.UTF_8)
                .stream()
                .filter(line -> List.of(fragments).stream().allMatch(line::contains))
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}

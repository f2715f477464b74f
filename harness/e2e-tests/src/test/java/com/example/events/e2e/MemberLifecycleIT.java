package com.example.events.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.TopicSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole story across both services, each a separate JVM with its own database,
 * talking only through SNS and SQS.
 */
class MemberLifecycleIT {

    private static final AtomicInteger SLOTS = new AtomicInteger();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final long RSS_BUDGET_BYTES = 512L * 1024 * 1024;

    private static LocalSystem system;

    @BeforeAll
    static void start() {
        system = Systems.builder().start();
    }

    @AfterAll
    static void stop() {
        if (system == null) {
            return;
        }
        try {
            // the project's memory budget: each service under 512 MB resident with the
            // launcher's default JVM options
            for (ServiceProcess service : List.of(system.memberService(), system.reservationService())) {
                long peak = service.peakRssBytes();
                System.out.printf("[e2e] %s peak RSS %d MB%n", service.name(), peak / (1024 * 1024));
                assertThat(peak).as(service.name() + " peak RSS").isPositive().isLessThan(RSS_BUDGET_BYTES);
            }
        }
        finally {
            system.close();
        }
    }

    private static Api members() {
        return new Api(system.memberService());
    }

    private static Api reservations() {
        return new Api(system.reservationService());
    }

    @Test
    void aDeletedMembersReservationsAreGoneWithinFiveSecondsWhileOthersRemain() {
        UUID leaving = registerAndAwaitReplica("Kim Minji");
        UUID staying = registerAndAwaitReplica("Lee Jisoo");
        String leavingReservation = reserve(leaving, "court-3");
        reserve(leaving, "court-4");
        String stayingReservation = reserve(staying, "court-5");

        assertThat(members().delete("/members/" + leaving).getStatusCode().value()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(reservationsOf(leaving)).isEmpty();
            assertThat(replicaStatus(leaving)).isEqualTo("DELETED");
        });
        assertThat(reservations().get("/reservations/" + leavingReservation).getStatusCode().value()).isEqualTo(404);
        assertThat(reservations().get("/reservations/" + stayingReservation).getStatusCode().value()).isEqualTo(200);
        assertThat(reservationsOf(staying)).hasSize(1);
        assertThat(reserveAnswer(leaving, "court-6").getStatusCode().value())
            .as("a deleted member can no longer reserve")
            .isEqualTo(422);
    }

    @Test
    void snsFansEveryEventOutToEverySubscribedQueue() {
        try (TopicSubscription analytics = TopicSubscription.subscribe(TestInfrastructure.broker(), "member-events")) {
            UUID member = registerAndAwaitReplica("Park Fanout");
            members().delete("/members/" + member);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(replicaStatus(member)).isEqualTo("DELETED"));

            List<JsonNode> seenByAnotherTeam = analytics.receive(2, Duration.ofSeconds(10))
                .stream()
                .map(Message::body)
                .map(JSON::readTree)
                .filter(event -> event.get("memberId").asString().equals(member.toString()))
                .sorted(Comparator.comparingLong(event -> event.get("sequence").asLong()))
                .toList();
            assertThat(seenByAnotherTeam).extracting(event -> event.get("eventType").asString())
                .containsExactly("MemberRegistered", "MemberDeleted");
            assertThat(reservations().get("/member-replica/" + member).getBody().get("lastSequence").asLong())
                .as("the reservation-service applied the very same event")
                .isEqualTo(seenByAnotherTeam.get(1).get("sequence").asLong());
        }
    }

    @Test
    void deletionsMadeWhileTheReservationServiceIsDownAreAppliedWhenItReturns() {
        UUID first = registerAndAwaitReplica("Choi Down");
        UUID second = registerAndAwaitReplica("Jung Down");
        reserve(first, "court-7");
        reserve(second, "court-8");

        system.reservationService().stop();
        try {
            // the member-service does not notice: no synchronous call, SQS keeps the
            // messages
            assertThat(members().delete("/members/" + first).getStatusCode().value()).isEqualTo(204);
            assertThat(members().delete("/members/" + second).getStatusCode().value()).isEqualTo(204);
        }
        finally {
            system.reservationService().start();
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(reservationsOf(first)).isEmpty();
            assertThat(reservationsOf(second)).isEmpty();
            assertThat(replicaStatus(first)).isEqualTo("DELETED");
            assertThat(replicaStatus(second)).isEqualTo("DELETED");
        });
    }

    @Test
    void reservationsKeepWorkingWhileTheMemberServiceIsDown() {
        UUID member = registerAndAwaitReplica("Han Independent");

        system.memberService().stop();
        try {
            String reservation = reserve(member, "court-9");
            assertThat(reservations().get("/reservations/" + reservation).getStatusCode().value()).isEqualTo(200);
            assertThat(replicaStatus(member)).isEqualTo("ACTIVE");
        }
        finally {
            system.memberService().start();
        }
        // and what was registered before the outage still flows once it is back
        members().delete("/members/" + member);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reservationsOf(member)).isEmpty());
    }

    private static UUID registerAndAwaitReplica(String name) {
        UUID id = members().register(name);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replicaStatus(id)).isEqualTo("ACTIVE"));
        return id;
    }

    private static String replicaStatus(UUID member) {
        return reservations().replicaStatus(member);
    }

    private static String reserve(UUID member, String resource) {
        var response = reserveAnswer(member, resource);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return response.getBody().get("id").asString();
    }

    // Every reservation gets its own hour, so the tests never collide on a resource.
    private static ResponseEntity<JsonNode> reserveAnswer(UUID member, String resource) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1 + SLOTS.incrementAndGet(), ChronoUnit.HOURS);
        return reservations().post("/reservations", Map.of("memberId", member.toString(), "resource", resource,
                "startsAt", start.toString(), "endsAt", start.plus(1, ChronoUnit.HOURS).toString()));
    }

    private static List<JsonNode> reservationsOf(UUID member) {
        JsonNode page = reservations().get("/reservations?memberId=" + member + "&size=100").getBody();
        return page.get("content").valueStream().toList();
    }

}

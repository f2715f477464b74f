package com.example.events.e2e;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.ListeningAddresses;
import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the launcher promises the suites built on it (end-to-end, chaos, benchmark): a
 * service can be killed and brought back, a second reservation-service shares the queue
 * and database, and one service can lose the broker while everything else carries on. It
 * lives here rather than in local-system because it needs both service jars, and the
 * services' tests depend on local-system (through test-support), so local-system cannot
 * depend on them.
 */
class LocalSystemIT {

    private static LocalSystem system;

    @BeforeAll
    static void start() {
        system = Systems.builder()
            // after the broker comes back, the relay retries within a second instead of
            // up to 30 s
            .environment("OUTBOX_RELAY_MAXBACKOFF", "1s")
            // a message a killed consumer had received (or was long-polling for) is
            // delivered again within seconds
            .environment("MESSAGING_VISIBILITYTIMEOUTSECONDS", "5")
            .start();
    }

    @AfterAll
    static void stop() {
        Systems.stop(system);
    }

    @Test
    void everyServiceAndDatabaseListensOnLoopbackOnly() {
        Map<String, Integer> ports = Map.of("member-service", system.memberService().baseUrl().getPort(),
                "reservation-service", system.reservationService().baseUrl().getPort(), "member database",
                port(system.memberDatabase().jdbcUrl()), "reservation database",
                port(system.reservationDatabase().jdbcUrl()));

        ports.forEach((name, port) -> assertThat(ListeningAddresses.at(port))
            .as("%s's listening sockets (port %d)", name, port)
            .isNotEmpty()
            .allMatch(InetAddress::isLoopbackAddress));
    }

    @Test
    void aServiceCutOffFromTheBrokerKeepsAnsweringAndPublishesOnceRestored() {
        ServiceProcess members = system.memberService();
        members.cutBroker();
        UUID registeredWhileCut;
        try {
            registeredWhileCut = register("Park Partitioned");
            assertThat(new Api(members).get("/members/" + registeredWhileCut).getStatusCode().value()).isEqualTo(200);
            // long enough for the relay to have tried and failed
            await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> replicaStatus(registeredWhileCut).equals("UNKNOWN"));
        }
        finally {
            members.restoreBroker();
        }
        awaitReplica(registeredWhileCut, Duration.ofSeconds(30));
    }

    // One test for both, because every service start costs a minute on a busy two-core
    // machine.
    @Test
    void aSecondInstanceSharesQueueAndDatabaseAndAKilledServiceComesBackAndCatchesUp() {
        ServiceProcess first = system.reservationService();
        long firstPid = first.pid();
        UUID earlier = register("Kim Earlier");
        awaitReplica(earlier, Duration.ofSeconds(30));
        ServiceProcess second = system.startReservationServiceInstance("reservation-service-2");
        try {
            assertThat(second.baseUrl()).isNotEqualTo(first.baseUrl());
            assertThat(second.logFile()).exists().isNotEqualTo(first.logFile());
            assertThat(replicaStatus(second, earlier)).as("same database").isEqualTo("ACTIVE");

            first.kill();
            assertThat(first.isAlive()).isFalse();
            UUID whileFirstDown = register("Lee Second");
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(replicaStatus(second, whileFirstDown)).as("same queue").isEqualTo("ACTIVE"));
            second.stop();
            UUID whileBothDown = register("Park Bothdown");

            first.restart();
            assertThat(first.pid()).isNotEqualTo(firstPid);
            awaitReplica(whileBothDown, Duration.ofSeconds(30));
            assertThat(replicaStatus(first, earlier)).isEqualTo("ACTIVE");
        }
        finally {
            second.stop();
            if (!first.isAlive()) {
                first.start(); // for the other tests
            }
        }
    }

    private static UUID register(String name) {
        return new Api(system.memberService()).register(name);
    }

    private static int port(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
    }

    private static void awaitReplica(UUID member, Duration timeout) {
        await().atMost(timeout).untilAsserted(() -> assertThat(replicaStatus(member)).isEqualTo("ACTIVE"));
    }

    private static String replicaStatus(UUID member) {
        return replicaStatus(system.reservationService(), member);
    }

    private static String replicaStatus(ServiceProcess reservations, UUID member) {
        return new Api(reservations).replicaStatus(member);
    }

}

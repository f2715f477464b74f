package com.example.events.reservationservice.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.testsupport.Postgres;
import com.example.events.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API and the queue's listener each have connections of their own: with every
 * connection of one held (by requests, or events, waiting for a row lock that the test
 * holds on a connection of its own), the other goes on working.
 */
class ConnectionPoolsIT extends IntegrationTestSupport {

    private static final Instant DAY = Instant.now().plus(6, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

    @Value("${database.api-connections}")
    int apiConnections;

    @Value("${database.pool-size}")
    int poolSize;

    private Connection direct;

    @BeforeEach
    void aConnectionOfTheTestsOwn() throws SQLException {
        Postgres postgres = TestInfrastructure.postgres();
        direct = DriverManager.getConnection(postgres.jdbcUrl("reservation"), postgres.username(), postgres.password());
        direct.setAutoCommit(false);
    }

    @AfterEach
    void releaseIt() throws SQLException {
        direct.rollback();
        direct.close();
    }

    @Test
    void requestsHoldingEveryConnectionOfTheApiLeaveTheListenerItsOwn() throws Exception {
        UUID contended = registerMember(1);
        lockReplicaRow(contended);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < 3 * apiConnections; i++) {
                Instant startsAt = DAY.plus(i, ChronoUnit.HOURS);
                requests.add(clients
                    .submit(() -> reserve(contended, "court-1", startsAt, startsAt.plusSeconds(60)).status()));
            }
            eventually().untilAsserted(() -> assertThat(active("reservation-api")).isEqualTo(apiConnections));

            List<UUID> members = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                UUID member = UUID.randomUUID();
                members.add(member);
                publish(registered(10 + i, member));
            }
            // read past the service: its API has no connection to answer with
            eventually().untilAsserted(() -> assertThat(activeReplicas(members)).isEqualTo(members.size()));
            assertThat(active("reservation-api")).as("still held").isEqualTo(apiConnections);
            // those that found no free connection give up after the pool's timeout
            eventually()
                .until(() -> requests.stream().filter(Future::isDone).count() == requests.size() - apiConnections);

            direct.rollback();
            for (Future<Integer> request : requests) {
                statuses.add(request.get());
            }
        }
        // those that found no free connection were refused at once, nothing done
        assertThat(statuses).containsOnly(201, 503).contains(201, 503);
        assertThat(reservationsOf(contended)).isEqualTo(statuses.stream().filter(status -> status == 201).count());
    }

    @Test
    void eventsHoldingEveryConnectionOfTheListenerLeaveTheApiItsOwn() throws Exception {
        int listenerConnections = poolSize - apiConnections;
        UUID contended = registerMember(1);
        UUID other = registerMember(2);
        lockReplicaRow(contended);
        // one at a time, each in a receive (and a transaction) of its own
        for (int i = 0; i < listenerConnections; i++) {
            publish(registered(10 + i, contended));
            int held = i + 1;
            eventually().untilAsserted(() -> assertThat(active("reservation-listener")).isEqualTo(held));
        }

        assertThat(reserve(other, "court-2", DAY, DAY.plusSeconds(3600)).status()).isEqualTo(201);
        assertThat(get("/reservations?memberId=" + other).body().path("page").path("totalElements").asLong())
            .isEqualTo(1);
        assertThat(get("/member-replica/" + other).status()).isEqualTo(200);
        assertThat(active("reservation-listener")).as("still held").isEqualTo(listenerConnections);

        direct.rollback();
        awaitReplica(contended, "ACTIVE", 10 + listenerConnections - 1);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    private void lockReplicaRow(UUID member) throws SQLException {
        try (PreparedStatement lock = direct
            .prepareStatement("select member_id from member_replica where member_id = ? for update")) {
            lock.setObject(1, member);
            lock.executeQuery().close();
        }
    }

    private long activeReplicas(List<UUID> members) throws SQLException {
        try (PreparedStatement count = direct
            .prepareStatement("select count(*) from member_replica where status = 'ACTIVE' and member_id = any(?)")) {
            count.setArray(1, direct.createArrayOf("uuid", members.toArray()));
            var result = count.executeQuery();
            result.next();
            return result.getLong(1);
        }
    }

    private double active(String pool) {
        Gauge gauge = meters.find("hikaricp.connections.active").tag("pool", pool).gauge();
        assertThat(gauge).as("pool " + pool).isNotNull();
        return gauge.value();
    }

}

package com.example.events.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.Database;
import com.example.events.localsystem.LocalSystem;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's reconcile command (ops/reconcile), run as the process an operator runs,
 * against both services as processes: it finds no drift in a replica the events built;
 * after the replica is damaged behind the events' back it names each drifting member
 * under its kind and exits 1; with --repair member-service re-emits exactly those members
 * and the replica ends as member-service says; a member-service it cannot reach is exit
 * 2. One replica's story, so the steps run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcileIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<UUID> members = new ArrayList<>();

    private static LocalSystem system;

    private static UUID lacking;

    private static UUID heldAsDeleted;

    private static UUID extra;

    @BeforeAll
    static void start() {
        // what other test classes left in the shared broker's queue would reach this
        // replica as members this member-service never had
        Systems.forgetReservationTopology(TestInfrastructure.broker());
        system = Systems.builder().start();
        for (int i = 0; i < 6; i++) {
            members.add(members().register("Reconcile " + i));
        }
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(members)
                .allSatisfy(member -> assertThat(reservations().replicaStatus(member)).as("replica of " + member)
                    .isEqualTo("ACTIVE")));
    }

    @AfterAll
    static void stop() {
        Systems.stop(system);
    }

    @Test
    @Order(1)
    void aReplicaTheEventsBuiltHasNoDrift() {
        ReconcileScript.Run run = reconcile();

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("no drift");
        assertThat(run.summary()).isEqualTo(summary(6, 6, 0, 0, 0));
    }

    @Test
    @Order(2)
    void aDamagedReplicaIsReportedIdByIdUnderItsKind() {
        lacking = members.get(0);
        heldAsDeleted = members.get(1);
        extra = UUID.randomUUID();
        replicaSql("delete from member_replica where member_id = ?", lacking);
        replicaSql("update member_replica set status = 'DELETED' where member_id = ?", heldAsDeleted);
        replicaSql("insert into member_replica (member_id, status, last_sequence, updated_at) "
                + "values (?, 'ACTIVE', 1, now())", extra);
        // an ordinary deletion, carried by its event, is no drift
        UUID left = members.get(5);
        assertThat(members().delete("/members/" + left).getStatusCode().value()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(15))
            .untilAsserted(() -> assertThat(reservations().replicaStatus(left)).isEqualTo("DELETED"));

        ReconcileScript.Run run = reconcile();

        System.out.println("[reconcile] without --repair, exit " + run.exit() + ":\n" + run.stdout());
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.summary()).isEqualTo(summary(5, 4, 2, 1, 0));
        assertThat(run.idsUnder("  lacks: 1")).containsExactly(lacking.toString());
        assertThat(run.idsUnder("  holds as deleted: 1")).containsExactly(heldAsDeleted.toString());
        assertThat(run.idsUnder("extra: 1")).containsExactly(extra.toString());
        assertThat(reservations().replicaStatus(lacking)).as("reporting changes nothing").isEqualTo("UNKNOWN");
    }

    /**
     * Needs member-service's targeted re-emit and reservation-service applying
     * MemberSnapshot.
     */
    @Test
    @Order(3)
    void repairReEmitsExactlyTheDriftingMembersAndTheReplicaEndsAsMemberServiceSays() {
        ReconcileScript.Run run = reconcile("--repair");

        System.out.println("[reconcile] with --repair, exit " + run.exit() + ":\n" + run.stdout());
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).isEqualTo(summary(5, 5, 0, 0, 3));
        assertThat(reservations().replicaStatus(lacking)).isEqualTo("ACTIVE");
        assertThat(reservations().replicaStatus(heldAsDeleted)).isEqualTo("ACTIVE");
        assertThat(reservations().replicaStatus(extra)).isEqualTo("DELETED");
    }

    @Test
    @Order(4)
    void aMemberServiceItCannotReachOrThatRefusesItsCredentialsIsExitTwo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "http://localhost:" + closedPort;

        ReconcileScript.Run refused = ReconcileScript.run(List.of("--member-url", unreachable, "--reservation-url",
                system.reservationService().baseUrl().toString()), Map.of());

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains(unreachable + "/admin/members/digest").contains("Connection refused");
        assertThat(refused.stdout()).doesNotContain("\"missing\"");

        ReconcileScript.Run unauthorized = ReconcileScript.run(urls(), Map.of("ADMIN_PASSWORD", "not-the-password"));

        assertThat(unauthorized.exit()).as(unauthorized.toString()).isEqualTo(2);
        assertThat(unauthorized.stderr()).contains("/admin/members/digest")
            .contains("HTTP 401")
            .contains("ADMIN_PASSWORD");

        // a token replaces HTTP Basic: services that take Basic refuse it
        ReconcileScript.Run withToken = ReconcileScript.run(urls(),
                Map.of("ADMIN_TOKEN", "not-a-token-these-services-know"));

        assertThat(withToken.exit()).as(withToken.toString()).isEqualTo(2);
        assertThat(withToken.stderr()).contains("HTTP 401").contains("check ADMIN_TOKEN");
    }

    private static ReconcileScript.Run reconcile(String... more) {
        return ReconcileScript.run(system, more);
    }

    private static List<String> urls() {
        return List.of("--member-url", system.memberService().baseUrl().toString(), "--reservation-url",
                system.reservationService().baseUrl().toString());
    }

    private static JsonNode summary(int members, int replicaActive, int missing, int extra, int repaired) {
        return JSON.readTree("""
                {"members": %d, "replicaActive": %d, "missing": %d, "extra": %d, "repaired": %d}""".formatted(members,
                replicaActive, missing, extra, repaired));
    }

    private static void replicaSql(String sql, UUID member) {
        Database database = system.reservationDatabase();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, member);
            assertThat(statement.executeUpdate()).as(sql).isEqualTo(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Api members() {
        return new Api(system.memberService());
    }

    private static Api reservations() {
        return new Api(system.reservationService());
    }

}

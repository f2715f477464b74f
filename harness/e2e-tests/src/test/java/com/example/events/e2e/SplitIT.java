package com.example.events.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.events.localsystem.Database;
import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.Repository;
import com.example.events.localsystem.LocalSystem.Side;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The split of a shared database into two (docs/splitting.md), its steps run in order as
 * an operator runs them, with the scripts of ops/split, from a shared database of 10,000
 * members and 30,000 reservations, while registrations, deletions and reservations go on
 * at 50/s throughout. member-service is killed (SIGKILL) in the middle of its backfill,
 * the copy job in the middle of its copy; each resumes. It ends with ops/reconcile
 * finding no drift, no deleted member active anywhere, no reservation of a deleted
 * member, and every reservation of an existing member copied once.
 */
class SplitIT {

    private static final int MEMBERS = 10_000;

    private static final int RESERVATIONS = 30_000;

    private static final Path SCRIPTS = Repository.root().resolve("ops/split");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalSystem system;

    private static Process copy;

    @AfterAll
    static void stop() {
        if (copy != null) {
            copy.destroyForcibly();
        }
        Systems.stop(system);
    }

    @Test
    void splitsTheSharedDatabaseWhileTrafficGoesOnAndBothJobsAreKilledMidway() throws Exception {
        Systems.forgetReservationTopology(TestInfrastructure.broker());
        system = Systems.builder()
            .startMemberService(false)
            .startReservationService(false)
            // step 1: member-service adopts the shared database's member table
            // (docs/splitting.md)
            .environment(Side.MEMBER, "SPRING_FLYWAY_BASELINE_ON_MIGRATE", "true")
            .environment(Side.MEMBER, "SPRING_FLYWAY_BASELINE_VERSION", "1")
            .start();
        Sql shared = new Sql(system.memberDatabase());
        Sql reservationDatabase = new Sql(system.reservationDatabase());

        // the shared database, as the two teams left it
        shared.execute(script("legacy-schema.sql"));
        shared.execute("set legacy.members = '" + MEMBERS + "'; set legacy.reservations = '" + RESERVATIONS + "';\n"
                + script("legacy-data.sql"));
        List<UUID> sharedMembers = shared.uuids("select id from member");
        assertThat(sharedMembers).hasSize(MEMBERS);
        assertThat(shared.number("select count(*) from reservation")).isEqualTo(RESERVATIONS);

        // 1. member-service adopts its tables and starts its event log on them
        system.memberService().start();
        assertThat(shared.strings("select version || ' ' || type from flyway_schema_history order by installed_rank"))
            .startsWith("1 BASELINE")
            .doesNotContain("1 SQL");
        // 2. reservations move to reservation-service, on a database of its own; the
        // shared table takes no more
        shared.execute(script("freeze-shared-reservations.sql"));
        system.reservationService().start();
        Api members = new Api(system.memberService());
        Api reservations = new Api(system.reservationService());

        try (SplitTraffic traffic = SplitTraffic.start(system.memberService().baseUrl(),
                system.reservationService().baseUrl(), sharedMembers)) {
            Thread.sleep(10_000);
            traffic.phase(SplitTraffic.Phase.BEFORE_BACKFILL);
            Thread.sleep(20_000);

            // 3. the backfill, member-service killed in the middle of it and started
            // again
            traffic.phase(SplitTraffic.Phase.BACKFILL);
            assertThat(members.asAdmin(HttpMethod.POST, "/admin/events/backfill", Map.of()).getStatusCode().value())
                .isEqualTo(202);
            await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> backfill(members).path("scanned").asLong() >= MEMBERS * 2 / 5);
            traffic.phase(SplitTraffic.Phase.RESTART);
            JsonNode atKill = backfill(members);
            Instant killed = Instant.now();
            system.memberService().kill();
            system.memberService().start();
            Instant restarted = Instant.now();
            long scannedAtRestart = backfill(members).path("scanned").asLong();
            // the killed instance's lease on the backfill has to lapse before the new one
            // resumes it
            await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> backfill(members).path("scanned").asLong() > scannedAtRestart);
            Instant resumed = Instant.now();
            traffic.phase(SplitTraffic.Phase.BACKFILL);
            JsonNode backfill = await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> backfill(members), state -> state.path("state").asString().equals("DONE"));
            traffic.phase(SplitTraffic.Phase.AFTER_BACKFILL);

            // 4. reconcile to zero before anything is copied: the copy needs every member
            // in the replica
            ReconcileScript.Run beforeCopy = ReconcileScript.run(system, "--repair");
            assertThat(beforeCopy.exit()).as(beforeCopy.toString()).isZero();

            // 5. the copy job, killed in the middle of its copy and run again
            copy = copyJob("first");
            await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> copyScanned(reservationDatabase) >= RESERVATIONS * 3 / 10 || !copy.isAlive());
            assertThat(copy.isAlive()).as("the copy still runs when it is killed").isTrue();
            copy.destroyForcibly().waitFor();
            long scannedAtCopyKill = copyScanned(reservationDatabase);
            copy = copyJob("second");
            assertThat(copy.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(copy.exitValue()).isZero();
            JsonNode copyOutcome = lastLine("second");
            assertThat(copyOutcome.path("finished").asBoolean()).isTrue();
            assertThat(copyOutcome.path("alreadyCopied").asLong()).as("no chunk copied twice").isZero();

            Thread.sleep(5_000);
            SplitTraffic.Summary load = traffic.stop();

            // 6. reconcile to zero with everything settled
            ReconcileScript.Run afterCopy = ReconcileScript.run(system, "--repair");
            assertThat(afterCopy.exit()).as(afterCopy.toString()).isZero();

            // no deleted member is active anywhere
            Set<UUID> existing = new HashSet<>(shared.uuids("select id from member"));
            assertThat(load.deleted()).isNotEmpty().doesNotContainAnyElementsOf(existing);
            Set<UUID> replicaActive = new HashSet<>(
                    reservationDatabase.uuids("select member_id from member_replica where status = 'ACTIVE'"));
            assertThat(replicaActive).isEqualTo(existing);
            // no reservation of a member that does not exist
            assertThat(existing).containsAll(reservationDatabase.uuids("select distinct member_id from reservation"));
            // every reservation of an existing member copied once, as it was
            String columns = "select id::text || member_id || resource || starts_at || ends_at || created_at from ";
            List<String> sharedReservations = shared.strings(columns + "reservation");
            assertThat(sharedReservations).hasSizeGreaterThan(RESERVATIONS / 2);
            assertThat(new HashSet<>(reservationDatabase.strings(columns + "reservation where resource like 'room-%'")))
                .isEqualTo(new HashSet<>(sharedReservations));

            // 7. nothing of reservations stays in member-service's database; deleting a
            // member still works
            shared.execute(script("retire-shared-reservations.sql"));
            assertThat(shared.number("""
                    select count(*) from information_schema.table_constraints
                    where constraint_type = 'FOREIGN KEY' and table_schema = 'public'""")).isZero();
            UUID last = existing.stream()
                .filter(member -> !load.registered().contains(member))
                .findFirst()
                .orElseThrow();
            assertThat(members.delete("/members/" + last).getStatusCode().value()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).until(() -> reservations.replicaStatus(last).equals("DELETED"));
            assertThat(reservationDatabase.number("select count(*) from reservation where member_id = '" + last + "'"))
                .isZero();

            System.out.printf(
                    """
                            [split] shared database: %d members, %d reservations
                            [split] traffic: %s
                            [split] backfill: %s; member-service killed at %d scanned, ready again %d s later, the backfill resumed %d s after that
                            [split] backfill: %.0f members/s before the kill, %.0f members/s after it resumed
                            [split] member-service requests p99: %s ms without a backfill, %s ms while it ran
                            [split] reconcile before the copy: %s
                            [split] copy: killed at %d read; second run: %s
                            [split] reconcile after the copy: %s
                            """,
                    MEMBERS, RESERVATIONS, load, backfill, atKill.path("scanned").asLong(),
                    Duration.between(killed, restarted).toSeconds(), Duration.between(restarted, resumed).toSeconds(),
                    perSecond(atKill.path("scanned").asLong(), Instant.parse(backfill.path("startedAt").asString()),
                            killed),
                    perSecond(backfill.path("scanned").asLong() - scannedAtRestart, resumed,
                            Instant.parse(backfill.path("finishedAt").asString())),
                    load.p99(SplitTraffic.Phase.BEFORE_BACKFILL), load.p99(SplitTraffic.Phase.BACKFILL),
                    beforeCopy.summary(), scannedAtCopyKill, copyOutcome, afterCopy.summary());
        }
    }

    private static JsonNode backfill(Api members) {
        return members.asAdmin(HttpMethod.GET, "/admin/events/backfill", null).getBody();
    }

    private static double perSecond(long members, Instant from, Instant to) {
        return members * 1000.0 / Math.max(1, Duration.between(from, to).toMillis());
    }

    private static long copyScanned(Sql reservationDatabase) {
        return reservationDatabase.number("select coalesce(max(scanned), 0) from reservation_copy");
    }

    /**
     * {@code java -jar reservation-service.jar copy-reservations}, as an operator runs it
     * beside the running service, with its database and the shared one.
     */
    private static Process copyJob(String run) throws IOException {
        Database target = system.reservationDatabase();
        Database source = system.memberDatabase();
        Path output = system.dataDirectory().resolve("logs").resolve("copy-reservations-" + run + ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-jar", System.getProperty("reservation-service.jar"), "copy-reservations",
                "--reservation-copy.chunk-size=1000", "--reservation-copy.pause=100ms")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment()
            .putAll(Map.of("SPRING_DATASOURCE_URL", target.jdbcUrl(), "SPRING_DATASOURCE_USERNAME", target.username(),
                    "SPRING_DATASOURCE_PASSWORD", target.password(), "RESERVATION_COPY_SOURCE_URL", source.jdbcUrl(),
                    "RESERVATION_COPY_SOURCE_USERNAME", source.username(), "RESERVATION_COPY_SOURCE_PASSWORD",
                    source.password()));
        return builder.start();
    }

    private static JsonNode lastLine(String run) throws IOException {
        Path output = system.dataDirectory().resolve("logs").resolve("copy-reservations-" + run + ".log");
        List<String> lines = Files.readAllLines(output);
        lines.stream().filter(line -> line.startsWith("[copy-reservations]")).forEach(System.out::println);
        return JSON.readTree(lines.getLast());
    }

    private static String script(String name) {
        try {
            return Files.readString(SCRIPTS.resolve(name));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Plain JDBC on one database, a connection per call. */
    private record Sql(Database database) {

        void execute(String sql) {
            run(statement -> {
                statement.execute(sql);
                return null;
            });
        }

        long number(String sql) {
            return run(statement -> {
                try (ResultSet rows = statement.executeQuery(sql)) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        }

        List<UUID> uuids(String sql) {
            return strings(sql).stream().map(UUID::fromString).toList();
        }

        List<String> strings(String sql) {
            return run(statement -> {
                List<String> values = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        values.add(rows.getString(1));
                    }
                }
                return values;
            });
        }

        private <T> T run(Query<T> query) {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                    database.password()); Statement statement = connection.createStatement()) {
                return query.on(statement);
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }

        private interface Query<T> {

            T on(Statement statement) throws SQLException;

        }

    }

}

package com.example.events.reservationservice.reservationcopy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copy job ({@code copy-reservations}) against a source holding the shared database's
 * schema (ops/split/legacy-schema.sql), while this service runs and applies member events
 * from the broker, as during a split.
 */
class ReservationCopyIT extends IntegrationTestSupport {

    private static final String SOURCE_DATABASE = "shared_database_copy_test";

    private static final Instant FIRST_SLOT = Instant.parse("2027-03-01T09:00:00Z");

    @Value("${spring.datasource.url}")
    private String url;

    @Value("${spring.datasource.username}")
    private String username;

    @Value("${spring.datasource.password}")
    private String password;

    private JdbcClient source;

    private String sourceUrl;

    @BeforeEach
    void sharedDatabase() throws Exception {
        var postgres = TestInfrastructure.postgres();
        sourceUrl = postgres.jdbcUrl(SOURCE_DATABASE);
        source = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), sourceUrl,
                postgres.username(), postgres.password()));
        source.sql("drop table if exists reservation, member").update();
        source.sql(Files.readString(Path.of("..", "ops", "split", "legacy-schema.sql"))).update();
        jdbc.sql("truncate reservation_copy").update();
    }

    @Test
    void copiesTheReservationsOfActiveMembersOnceStopsAtAnUnknownMemberAndResumesThere() {
        UUID active = legacyMember(1);
        UUID deleted = legacyMember(2);
        UUID unknown = legacyMember(3);
        // ids in the order the copy reads them: six of the active member, then one of a
        // member the replica does
        // not know yet, then the rest
        for (int n = 1; n <= 20; n++) {
            legacyReservation(n, n == 7 ? unknown : n % 4 == 0 ? deleted : active);
        }
        publish(registered(1, active));
        publish(registered(2, deleted));
        publish(deleted(3, deleted));
        awaitReplica(active, "ACTIVE", 1);
        awaitReplica(deleted, "DELETED", 3);

        assertThat(copy("--reservation-copy.chunk-size=3")).isEqualTo(1);
        // the chunks before the unknown member's reservation are in, and the cursor after
        // them
        assertThat(reservationCount()).isEqualTo(5); // 1 2 3 5 6, not 4 (the deleted
                                                     // member's)
        assertThat(progress()).isEqualTo(new CopyProgress(6, 5, 0, 1, false));

        publish(registered(4, unknown));
        awaitReplica(unknown, "ACTIVE", 4);
        assertThat(copy("--reservation-copy.chunk-size=3")).isZero();
        assertThat(reservationsOf(active)).isEqualTo(14);
        assertThat(reservationsOf(unknown)).isEqualTo(1);
        assertThat(reservationsOf(deleted)).isZero();
        // resumed after the last chunk: nothing read twice
        assertThat(progress()).isEqualTo(new CopyProgress(20, 15, 0, 5, true));

        // run once more, it has nothing left to do
        assertThat(copy()).isZero();
        assertThat(progress()).isEqualTo(new CopyProgress(20, 15, 0, 5, true));
        assertThat(jdbc.sql("select resource, starts_at, ends_at from reservation where id = ?")
            .param(reservationId(9))
            .query((rs, row) -> List.of(rs.getString(1), rs.getTimestamp(2).toInstant(),
                    rs.getTimestamp(3).toInstant()))
            .single()).containsExactly("room-9", slot(9), slot(9).plus(45, ChronoUnit.MINUTES));
    }

    @Test
    void aReservationThatBreaksThisServicesRulesStopsTheCopyBeforeIt() {
        UUID member = legacyMember(1);
        legacyReservation(1, member);
        legacyReservation(2, member);
        publish(registered(1, member));
        awaitReplica(member, "ACTIVE", 1);
        // made here meanwhile, at the time and room of the second
        assertThat(reserve(member, "room-2", slot(2).plusSeconds(600), slot(2).plusSeconds(1200)).status())
            .isEqualTo(201);

        assertThat(copy("--reservation-copy.chunk-size=1")).isEqualTo(1);
        assertThat(progress()).isEqualTo(new CopyProgress(1, 1, 0, 0, false));
    }

    /**
     * A member deleted while the copy runs: every interleaving of the deletion with the
     * copy's chunks leaves none of the member's reservations, and every reservation of
     * the member that stays is copied.
     */
    @Test
    void aDeletionRacingTheCopyLeavesNoneOfTheDeletedMembersReservations() {
        UUID deleted = legacyMember(1);
        UUID staying = legacyMember(2);
        for (int n = 1; n <= 3000; n++) {
            legacyReservation(n, n % 2 == 0 ? deleted : staying);
        }
        publish(registered(1, deleted));
        publish(registered(2, staying));
        awaitReplica(deleted, "ACTIVE", 1);
        awaitReplica(staying, "ACTIVE", 2);

        CompletableFuture<Integer> copy = CompletableFuture
            .supplyAsync(() -> copy("--reservation-copy.chunk-size=50", "--reservation-copy.pause=40ms"));
        eventually().until(() -> reservationsOf(deleted) >= 200);
        publish(deleted(3, deleted));
        assertThat(copy.join()).isZero();

        awaitReplica(deleted, "DELETED", 3);
        CopyProgress progress = progress();
        // the deletion landed while the copy ran: some of the member's reservations were
        // copied, the rest skipped
        assertThat(progress.skippedDeletedMember()).isPositive().isLessThan(1500);
        assertThat(reservationsOf(deleted)).isZero();
        assertThat(reservationsOf(staying)).isEqualTo(1500);
    }

    private int copy(String... settings) {
        String[] args = new String[settings.length + 5];
        args[0] = ReservationCopyCommand.NAME;
        args[1] = "--spring.datasource.url=" + url;
        args[2] = "--spring.datasource.username=" + username;
        args[3] = "--spring.datasource.password=" + password;
        args[4] = "--reservation-copy.source.url=" + sourceUrl + "?user=" + TestInfrastructure.postgres().username()
                + "&password=" + TestInfrastructure.postgres().password();
        System.arraycopy(settings, 0, args, 5, settings.length);
        return ReservationCopyCommand.run(args);
    }

    private CopyProgress progress() {
        return jdbc.sql("""
                select scanned, copied, already_copied, skipped_deleted_member, finished_at is not null
                from reservation_copy
                """)
            .query((rs, row) -> new CopyProgress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                    rs.getBoolean(5)))
            .single();
    }

    private UUID legacyMember(int n) {
        UUID id = UUID.randomUUID();
        source.sql("insert into member (id, name, email, created_at) values (?, ?, ?, now())")
            .params(id, "Member " + n, "member" + n + "@example.com")
            .update();
        return id;
    }

    private void legacyReservation(int n, UUID member) {
        source.sql("""
                insert into reservation (id, member_id, resource, starts_at, ends_at, created_at)
                values (?, ?, ?, ?, ?, now())
                """)
            .params(reservationId(n), member, "room-" + n, Timestamp.from(slot(n)),
                    Timestamp.from(slot(n).plus(45, ChronoUnit.MINUTES)))
            .update();
    }

    /** Ids that sort as their numbers do, as the copy reads them. */
    private static UUID reservationId(int n) {
        return new UUID(0, n);
    }

    private static Instant slot(int n) {
        return FIRST_SLOT.plus(n, ChronoUnit.DAYS);
    }

}

package com.example.events.memberservice.eventlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.OutboxIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.example.events.memberservice.eventlog.MemberEventType.MemberDeleted;
import static com.example.events.memberservice.eventlog.MemberEventType.MemberRegistered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compaction against the real database, with the default retention of 30 days and no
 * relay: events are written as they would be, then back-dated.
 */
@IntegrationTest(properties = "outbox.relay.enabled=false")
class EventLogCompactionIT extends OutboxIntegrationTestSupport {

    private static final Duration BEYOND_RETENTION = Duration.ofDays(40);

    private static final Duration WITHIN_RETENTION = Duration.ofDays(1);

    @Autowired
    EventLogCompaction compaction;

    @Autowired
    DataSource dataSource;

    @Test
    void keepsTheNewestEventOfEveryExistingMemberAndNeverAPendingOne() {
        UUID active = UUID.randomUUID();
        long activeRegistered = published(MemberRegistered, active, BEYOND_RETENTION);
        UUID deletedLongAgo = UUID.randomUUID();
        published(MemberRegistered, deletedLongAgo, BEYOND_RETENTION);
        published(MemberDeleted, deletedLongAgo, BEYOND_RETENTION);
        UUID deletedRecently = UUID.randomUUID();
        published(MemberRegistered, deletedRecently, BEYOND_RETENTION);
        long recentTombstone = published(MemberDeleted, deletedRecently, WITHIN_RETENTION);
        long pendingRegistration = pending(MemberRegistered, UUID.randomUUID(), BEYOND_RETENTION);
        UUID deletionPending = UUID.randomUUID();
        published(MemberRegistered, deletionPending, BEYOND_RETENTION);
        long pendingTombstone = pending(MemberDeleted, deletionPending, BEYOND_RETENTION);
        UUID young = UUID.randomUUID();
        long youngRegistered = published(MemberRegistered, young, WITHIN_RETENTION);
        long youngTombstone = published(MemberDeleted, young, WITHIN_RETENTION);
        // a tombstone past the retention whose member's older event cannot go yet: still
        // pending (a replay
        // requeued it), or younger by the clock of the instance that wrote it
        UUID olderPending = UUID.randomUUID();
        long requeuedRegistration = pending(MemberRegistered, olderPending, BEYOND_RETENTION);
        long tombstoneAfterPending = published(MemberDeleted, olderPending, BEYOND_RETENTION);
        UUID skewed = UUID.randomUUID();
        long skewedRegistration = published(MemberRegistered, skewed, WITHIN_RETENTION);
        long tombstoneAfterSkewed = published(MemberDeleted, skewed, BEYOND_RETENTION);
        long lastSequence = storedSequences().getLast();

        assertThat(compaction.compact()).isEqualTo(4);

        assertThat(storedSequences()).as("""
                kept: an existing member's only event, however old; a tombstone within the retention; pending \
                events, however old; everything within the retention; a tombstone while an older event of its \
                member stays""")
            .containsExactly(activeRegistered, recentTombstone, pendingRegistration, pendingTombstone, youngRegistered,
                    youngTombstone, requeuedRegistration, tombstoneAfterPending, skewedRegistration,
                    tombstoneAfterSkewed);
        assertThat(compaction.compact()).as("nothing more to drop").isZero();
        transaction.executeWithoutResult(status -> eventLog.append(MemberRegistered, UUID.randomUUID()));
        assertThat(storedSequences().getLast()).as("sequences go on increasing").isGreaterThan(lastSequence);
    }

    /**
     * A replay queues a member's registration again in a transaction not yet committed,
     * while compaction runs: the registration is held, so its tombstone stays too, and
     * both go once the replay has published the registration again.
     */
    @Test
    void aTombstoneStaysWhileAReplayHoldsAnOlderEventOfItsMember() throws Exception {
        UUID member = UUID.randomUUID();
        long registration = published(MemberRegistered, member, BEYOND_RETENTION);
        long tombstone = published(MemberDeleted, member, BEYOND_RETENTION);

        try (Connection replay = dataSource.getConnection()) {
            replay.setAutoCommit(false);
            try (PreparedStatement requeue = replay
                .prepareStatement("update event_log set published_at = null, requeued_at = now() where sequence = ?")) {
                requeue.setLong(1, registration);
                requeue.executeUpdate();
            }

            assertThat(compaction.compact()).isZero();
            assertThat(storedSequences()).containsExactly(registration, tombstone);
            replay.commit();
        }
        assertThat(compaction.compact()).as("the registration is pending again").isZero();

        jdbc.sql("update event_log set published_at = now() where sequence = :sequence")
            .param("sequence", registration)
            .update();
        assertThat(compaction.compact()).isEqualTo(2);
        assertThat(storedSequences()).isEmpty();
    }

    @Test
    void twoInstancesCompactingAtOnceDropEveryDroppableEventOnceInBatches() throws Exception {
        int deletedMembers = 2_500;
        jdbc.sql("""
                insert into event_log (event_id, event_type, schema_version, member_id, occurred_at, published_at)
                select gen_random_uuid(), kind.event_type, 1, member.id, now() - interval '40 days',
                       now() - interval '40 days'
                from (select gen_random_uuid() as id, n from generate_series(1, :members) n) member
                cross join (values (1, 'MemberRegistered'), (2, 'MemberDeleted')) kind(position, event_type)
                order by member.n, kind.position
                """).param("members", deletedMembers).update();
        published(MemberRegistered, UUID.randomUUID(), BEYOND_RETENTION);

        Callable<Integer> compact = compaction::compact;
        int dropped = 0;
        try (var instances = Executors.newFixedThreadPool(2)) {
            for (Future<Integer> instance : instances.invokeAll(List.of(compact, compact))) {
                dropped += instance.get();
            }
        }

        assertThat(dropped).as("more than one batch of 1000, each event dropped by one instance")
            .isEqualTo(2 * deletedMembers);
        assertThat(database.events()).as("the one existing member's event").isEqualTo(1);
    }

    private long published(MemberEventType type, UUID member, Duration age) {
        long sequence = append(type, member);
        jdbc.sql("update event_log set occurred_at = now() - :age * interval '1 second', published_at = now() "
                + "where sequence = :sequence")
            .param("age", age.toSeconds())
            .param("sequence", sequence)
            .update();
        return sequence;
    }

    private long pending(MemberEventType type, UUID member, Duration age) {
        long sequence = append(type, member);
        jdbc.sql("update event_log set occurred_at = now() - :age * interval '1 second' where sequence = :sequence")
            .param("age", age.toSeconds())
            .param("sequence", sequence)
            .update();
        return sequence;
    }

    private long append(MemberEventType type, UUID member) {
        return transaction.execute(status -> eventLog.append(type, member));
    }

    private List<Long> storedSequences() {
        return jdbc.sql("select sequence from event_log order by sequence").query(Long.class).list();
    }

}

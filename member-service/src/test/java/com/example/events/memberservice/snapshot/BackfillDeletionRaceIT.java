package com.example.events.memberservice.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill never brings a deleted member back: deletions of members in the chunks being
 * read, many at once, either commit before a chunk reads the member (no snapshot) or wait
 * for the chunk's commit and come after its snapshot. Whatever the interleaving, a
 * consumer that applies the events in sequence order ends with every deleted member
 * deleted.
 */
class BackfillDeletionRaceIT extends BackfillIntegrationTestSupport {

    private static final int MEMBERS = 2_000;

    private static final int DELETIONS = 400;

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Test
    void everyMemberDeletedWhileTheChunksAreReadEndsDeleted() throws Exception {
        List<UUID> members = insertMembers(MEMBERS);
        List<UUID> deleted = new ArrayList<>(members);
        Collections.shuffle(deleted);
        deleted = List.copyOf(deleted.subList(0, DELETIONS));

        assertThat(startBackfill(api, Map.of("chunkSize", 20)).getStatusCode().value()).isEqualTo(202);
        List<Callable<Integer>> deletions = deleted.stream()
            .<Callable<Integer>>map(id -> () -> api.delete("/members/" + id).getStatusCode().value())
            .toList();
        try (var clients = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : clients.invokeAll(deletions)) {
                assertThat(status.get()).isEqualTo(204);
            }
        }
        awaitBackfill(api, "DONE", Duration.ofSeconds(120));

        Map<UUID, long[]> sequences = snapshotAndDeletionSequences();
        int snapshottedBeforeTheirDeletion = 0;
        for (UUID member : deleted) {
            long[] snapshotAndDeletion = sequences.get(member);
            assertThat(snapshotAndDeletion[1]).as("%s has its MemberDeleted", member).isPositive();
            assertThat(snapshotAndDeletion[1]).as("%s: its deletion after any snapshot of it", member)
                .isGreaterThan(snapshotAndDeletion[0]);
            if (snapshotAndDeletion[0] > 0) {
                snapshottedBeforeTheirDeletion++;
            }
        }
        assertThat(snapshottedBeforeTheirDeletion).as("deletions after their member's chunk").isPositive();
        assertThat(snapshottedBeforeTheirDeletion).as("deletions before their member's chunk").isLessThan(DELETIONS);
        Set<UUID> survivors = new HashSet<>(members);
        deleted.forEach(survivors::remove);
        assertThat(withoutExactlyOneSnapshot(List.copyOf(survivors))).isEmpty();
        assertThat(snapshottedTwice()).isEmpty();

        int expected = Math.toIntExact(database.events());
        List<Message> published = subscription.receive(expected, Duration.ofSeconds(120));
        published.addAll(subscription.drain(Duration.ofSeconds(1)));
        Map<String, JsonNode> newest = new HashMap<>();
        for (JsonNode event : bodies(published)) {
            newest.merge(event.get("memberId").asString(), event, (held,
                    arrived) -> arrived.get("sequence").asLong() > held.get("sequence").asLong() ? arrived : held);
        }
        assertThat(deleted).as("as a consumer applying by sequence sees them")
            .allSatisfy(member -> assertThat(newest.get(member.toString()).get("eventType").asString())
                .isEqualTo("MemberDeleted"));
        assertThat(survivors).allSatisfy(member -> assertThat(newest.get(member.toString()).get("eventType").asString())
            .isEqualTo("MemberSnapshot"));
    }

    /**
     * A chunk is held after it has read its members (the test holds the event log against
     * inserts): a deletion of one of them waits for the chunk's lock on it, not merely
     * for the log, and so comes after its snapshot.
     */
    @Test
    void aDeletionOfAMemberInTheChunkBeingReadWaitsForTheChunk() throws Exception {
        List<UUID> members = insertMembers(10);
        UUID racing = members.get(3);
        int deletion;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> transaction.executeWithoutResult(status -> {
                jdbc.sql("lock table event_log in share mode").update();
                locked.countDown();
                awaitQuietly(release);
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> deleting;
            try {
                assertThat(startBackfill(api, Map.of("chunkSize", 10)).getStatusCode().value()).isEqualTo(202);
                awaitWaitingForALock("insert into event_log");
                deleting = threads.submit(() -> api.delete("/members/" + racing).getStatusCode().value());
                awaitWaitingForALock("delete from member");
            }
            finally {
                release.countDown();
            }
            holder.get(10, TimeUnit.SECONDS);
            deletion = deleting.get(10, TimeUnit.SECONDS);
        }

        assertThat(deletion).isEqualTo(204);
        awaitBackfill(api, "DONE", Duration.ofSeconds(30));
        long[] snapshotAndDeletion = snapshotAndDeletionSequences().get(racing);
        assertThat(snapshotAndDeletion[0]).as("snapshotted").isPositive();
        assertThat(snapshotAndDeletion[1]).as("deleted after").isGreaterThan(snapshotAndDeletion[0]);
        awaitNothingPending();
        subscription.drain(Duration.ofSeconds(1));
    }

    /** Per member: its highest snapshot sequence and its deletion's (0 when none). */
    private Map<UUID, long[]> snapshotAndDeletionSequences() {
        Map<UUID, long[]> sequences = new HashMap<>();
        jdbc.sql("""
                select member_id,
                       coalesce(max(sequence) filter (where event_type = 'MemberSnapshot'), 0) as snapshot,
                       coalesce(max(sequence) filter (where event_type = 'MemberDeleted'), 0) as deletion
                from event_log group by member_id
                """).query(rs -> {
            sequences.put(rs.getObject("member_id", UUID.class),
                    new long[] { rs.getLong("snapshot"), rs.getLong("deletion") });
        });
        return sequences;
    }

}

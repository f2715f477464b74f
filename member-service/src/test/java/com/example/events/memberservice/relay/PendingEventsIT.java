package com.example.events.memberservice.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.memberservice.eventlog.StoredEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims against the real database, no relay running: who gets which events, and when
 * they come back.
 */
@IntegrationTest(properties = "outbox.relay.enabled=false")
class PendingEventsIT extends OutboxIntegrationTestSupport {

    private static final Duration LONG_LEASE = Duration.ofMinutes(1);

    @Autowired
    PendingEvents pending;

    @Autowired
    DataSource dataSource;

    @Autowired
    RelayDatabaseProperties relayDatabase;

    @Test
    void relaysClaimingAtTheSameMomentGetDifferentEventsOldestFirst() throws Exception {
        appendRegistrations(40);
        // four relays, each on a connection of its own
        List<RelayDatabase> connections = List.of(new RelayDatabase(dataSource, relayDatabase),
                new RelayDatabase(dataSource, relayDatabase), new RelayDatabase(dataSource, relayDatabase),
                new RelayDatabase(dataSource, relayDatabase));
        List<Callable<List<Long>>> claimTen = connections.stream()
            .map(PendingEvents::new)
            .<Callable<List<Long>>>map(relay -> () -> sequences(relay.claim(10, LONG_LEASE)))
            .toList();
        List<List<Long>> claims;
        try (var relays = Executors.newFixedThreadPool(4)) {
            var futures = relays.invokeAll(claimTen);
            claims = futures.stream().map(future -> {
                try {
                    return future.get();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList();
        }
        finally {
            connections.forEach(RelayDatabase::close);
        }

        Set<Long> all = new HashSet<>();
        claims.forEach(all::addAll);
        assertThat(claims.stream().mapToInt(List::size).sum()).as("no event claimed twice").isEqualTo(all.size());
        assertThat(all).as("every event claimed by someone").hasSize(40);
        claims.forEach(claim -> assertThat(claim).isSorted());
        assertThat(pending.claim(10, LONG_LEASE)).as("nothing left while the leases last").isEmpty();
    }

    @Test
    void anExpiredClaimIsClaimedAgainAndTheLateRelayCanNoLongerMarkIt() throws InterruptedException {
        appendRegistrations(3);
        // long enough for the next claim to come within it on a loaded machine
        List<StoredEvent> crashed = pending.claim(10, Duration.ofSeconds(2));
        assertThat(crashed).hasSize(3);
        assertThat(pending.claim(10, LONG_LEASE)).as("held by the first claim").isEmpty();

        Duration leaseLeft = Duration.between(Instant.now(), crashed.getFirst().claimedUntil());
        Thread.sleep(Math.max(0, leaseLeft.toMillis()) + 100);
        List<StoredEvent> takeover = pending.claim(10, LONG_LEASE);
        assertThat(sequences(takeover)).as("the lease ran out").isEqualTo(sequences(crashed));

        pending.markPublished(crashed);
        pending.release(crashed);
        assertThat(database.pendingEvents()).as("the expired claim marks nothing").isEqualTo(3);
        assertThat(pending.claim(10, LONG_LEASE)).as("nor releases anything").isEmpty();
        pending.markPublished(takeover);
        assertThat(database.pendingEvents()).isZero();
    }

    @Test
    void releasedEventsAreClaimableAtOnceAndMarkedOnesNeverAgain() {
        appendRegistrations(4);
        List<StoredEvent> events = pending.claim(10, LONG_LEASE);
        pending.markPublished(events.subList(0, 2));
        pending.release(events.subList(2, 4));

        assertThat(sequences(pending.claim(10, LONG_LEASE))).as("only the released ones")
            .isEqualTo(sequences(events.subList(2, 4)));
        assertThat(database.pendingEvents()).isEqualTo(2);
    }

    @Test
    void aReplayDropsTheClaimOfAPendingReplayForAnotherSubscriberAndWidensIt() {
        appendRegistrations(1);
        pending.markPublished(pending.claim(10, LONG_LEASE));
        eventLog.replay(0, null, "reservation");
        List<StoredEvent> narrow = pending.claim(10, LONG_LEASE);
        assertThat(narrow).singleElement().extracting(StoredEvent::replayFor).isEqualTo("reservation");

        eventLog.replay(0, null, "billing");

        pending.markPublished(narrow);
        assertThat(database.pendingEvents()).as("the narrow publish does not count for the wider replay").isEqualTo(1);
        assertThat(pending.claim(10, LONG_LEASE)).singleElement()
            .extracting(StoredEvent::replayFor)
            .as("everyone, reservation and billing included")
            .isNull();
    }

    @Test
    void aReplayNeverNarrowsAnEventThatWasNeverPublished() {
        appendRegistrations(2);
        pending.markPublished(pending.claim(1, LONG_LEASE));

        assertThat(eventLog.replay(0, null, "reservation")).isEqualTo(2);

        List<StoredEvent> due = pending.claim(10, LONG_LEASE);
        assertThat(due).hasSize(2);
        assertThat(due.get(0).replayFor()).as("never published: still for everyone").isNull();
        assertThat(due.get(1).replayFor()).as("published before: for reservation alone").isEqualTo("reservation");
    }

    @Test
    void eventsNeverPublishedAreClaimedBeforeTheOnesAReplayQueuedAgain() {
        appendRegistrations(30);
        List<StoredEvent> published = pending.claim(30, LONG_LEASE);
        pending.markPublished(published);
        eventLog.replay(0, null, null);
        appendRegistrations(5);
        List<Long> replayed = sequences(published);
        List<Long> live = jdbc.sql("select sequence from event_log where requeued_at is null order by sequence")
            .query(Long.class)
            .list();

        assertThat(sequences(pending.claim(3, LONG_LEASE))).as("a batch smaller than the live events")
            .isEqualTo(live.subList(0, 3));
        List<Long> expected = new ArrayList<>(live.subList(3, 5));
        expected.addAll(replayed.subList(0, 8));
        assertThat(sequences(pending.claim(10, LONG_LEASE))).as("the other live ones first, then the oldest replayed")
            .isEqualTo(expected);
    }

    private static List<Long> sequences(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::sequence).toList();
    }

}

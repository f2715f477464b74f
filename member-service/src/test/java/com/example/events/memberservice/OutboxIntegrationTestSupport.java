package com.example.events.memberservice;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.memberservice.eventlog.EventLog;
import com.example.events.memberservice.eventlog.MemberEventType;
import com.example.events.memberservice.relay.OutboxRelay;
import org.springframework.beans.factory.annotation.Autowired;

import static org.awaitility.Awaitility.await;

/**
 * The outbox's integration tests: the whole service, plus the event log and the relay
 * they stop, start and drive themselves.
 */
public abstract class OutboxIntegrationTestSupport extends IntegrationTestSupport {

    @Autowired
    protected EventLog eventLog;

    @Autowired
    protected OutboxRelay relay;

    /**
     * Appends that many registrations of new members in one transaction, as a burst of
     * requests would, without going through HTTP.
     */
    protected void appendRegistrations(int events) {
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < events; i++) {
                eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID());
            }
        });
    }

    /**
     * Waits until a statement that starts with {@code statement} waits for a lock another
     * transaction holds.
     */
    protected void awaitWaitingForALock(String statement) {
        await().atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .alias(statement + " waits for a lock")
            .until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and query like :statement
                    """).param("statement", statement + "%").query(Long.class).single() > 0);
    }

    /** For a thread that holds a transaction open until the test lets it go. */
    protected static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}

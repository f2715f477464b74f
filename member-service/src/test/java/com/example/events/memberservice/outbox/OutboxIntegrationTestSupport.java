package com.example.events.memberservice.outbox;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.events.memberservice.IntegrationTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The outbox's integration tests: the whole service, plus the event log and the relay
 * they stop, start and drive themselves.
 */
abstract class OutboxIntegrationTestSupport extends IntegrationTestSupport {

    @Autowired
    EventLog eventLog;

    @Autowired
    OutboxRelay relay;

    /**
     * Appends that many registrations of new members in one transaction, as a burst of
     * requests would, without going through HTTP.
     */
    void appendRegistrations(int events) {
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < events; i++) {
                eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID());
            }
        });
    }

    /** For a thread that holds a transaction open until the test lets it go. */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}

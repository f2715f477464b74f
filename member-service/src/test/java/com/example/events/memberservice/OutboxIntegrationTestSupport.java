package com.example.events.memberservice;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.memberservice.eventlog.EventLog;
import com.example.events.memberservice.eventlog.MemberEventType;
import com.example.events.memberservice.relay.OutboxRelay;
import org.springframework.beans.factory.annotation.Autowired;

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

package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes stored events to SNS. Woken right after each commit that appends one, and
 * polling as a safety net for events whose wake-up was lost (a crash after commit,
 * another instance's events, an expired claim, SNS having been down).
 *
 * <p>
 * A round claims a batch under a lease in a short transaction, publishes it after that
 * commits, then marks what SNS accepted and releases the rest. Relays side by side claim
 * different events, so each goes out once; a relay that dies between claim and mark
 * leaves its events to whoever claims them after the lease: at-least-once, never lost.
 * While SNS fails, the relay backs off exponentially.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxProperties.Relay settings;

    private final PendingEvents pending;

    private final MemberEventPublisher publisher;

    private final AtomicBoolean roundQueued = new AtomicBoolean();

    private volatile ScheduledExecutorService worker;

    private volatile Instant pausedUntil = Instant.MIN;

    private Duration backoff;

    OutboxRelay(OutboxProperties properties, PendingEvents pending, MemberEventPublisher publisher) {
        this.settings = properties.relay();
        this.pending = pending;
        this.publisher = publisher;
        this.backoff = settings.initialBackoff();
    }

    /**
     * Starts a round now, or right after the one running; wake-ups until it starts
     * collapse into it, so a burst of commits costs a few rounds, not a task each.
     */
    void wakeUp() {
        ScheduledExecutorService current = worker;
        if (current != null && roundQueued.compareAndSet(false, true)) {
            try {
                current.execute(() -> {
                    roundQueued.set(false);
                    drain();
                });
            }
            catch (RejectedExecutionException stopping) {
                roundQueued.set(false);
            }
        }
    }

    /**
     * Publishes until nothing is pending or SNS fails. Runs on the single worker thread
     * only.
     */
    void drain() {
        try {
            while (Instant.now().isAfter(pausedUntil) && publishRound() == settings.batchSize()) {
                // a full batch: there may be more
            }
        }
        catch (RuntimeException ex) {
            // the database itself failed; claimed events come back when their lease ends
            log.warn("Outbox relay round failed: {}", ex.toString());
        }
    }

    /** The number of events SNS accepted, or -1 when it refused some. */
    private int publishRound() {
        PendingEvents.Claim claim = pending.claim(settings.batchSize(), settings.lease());
        if (claim.events().isEmpty()) {
            return 0;
        }
        MemberEventPublisher.Outcome outcome = publisher.publish(claim.events());
        pending.markPublished(claim, outcome.accepted());
        pending.release(claim, outcome.failed());
        if (outcome.failed().isEmpty()) {
            backoff = settings.initialBackoff();
            return outcome.accepted().size();
        }
        backOff(outcome);
        return -1;
    }

    private void backOff(MemberEventPublisher.Outcome outcome) {
        Duration jittered = backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1));
        pausedUntil = Instant.now().plus(jittered);
        log.warn("SNS did not accept {} of {} events (first from sequence {}), retrying in {} ms: {}",
                outcome.failed().size(), outcome.failed().size() + outcome.accepted().size(),
                outcome.failed().getFirst().sequence(), jittered.toMillis(), outcome.firstFailure());
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        if (!settings.enabled()) {
            log.info("Outbox relay disabled: events stay pending until a relay runs");
            return;
        }
        ScheduledExecutorService executor = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
        long pollMillis = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, 0, pollMillis, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = worker;
        worker = null;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

}

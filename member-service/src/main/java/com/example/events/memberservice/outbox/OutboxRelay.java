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
 * While SNS fails, the relay backs off exponentially; while the database fails, it keeps
 * polling and resumes by itself when the database answers again.
 *
 * <p>
 * Stopping (a deploy, a scale-in) lets the round in progress finish, marks what it
 * published and starts no other, so the next instance publishes nothing twice. It stops
 * after the web server, so that no request appends an event after it has stopped;
 * whatever is still pending then goes out from the next instance.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxProperties.Relay settings;

    private final PendingEvents pending;

    private final MemberEventPublisher publisher;

    private final AtomicBoolean roundQueued = new AtomicBoolean();

    private volatile ScheduledExecutorService worker;

    private volatile boolean stopping;

    private boolean databaseFailing;

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
            catch (RejectedExecutionException shutDown) {
                roundQueued.set(false);
            }
        }
    }

    /**
     * Publishes until nothing is pending, SNS fails or the relay is stopping. Runs on the
     * single worker thread only.
     */
    void drain() {
        try {
            while (!stopping && Instant.now().isAfter(pausedUntil)) {
                int published = publishRound();
                if (databaseFailing) {
                    databaseFailing = false;
                    log.info("Outbox relay reaches the database again");
                }
                if (published != settings.batchSize()) {
                    // not a full batch: nothing more for now
                    return;
                }
            }
        }
        catch (RuntimeException ex) {
            // the database itself failed; claimed events come back when their lease ends
            if (databaseFailing) {
                log.debug("Outbox relay round failed again: {}", ex.toString());
            }
            else {
                databaseFailing = true;
                log.warn("Outbox relay round failed, trying again every {} ms: {}", settings.pollInterval().toMillis(),
                        ex.toString());
            }
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
        stopping = false;
        ScheduledExecutorService executor = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
        long pollMillis = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, 0, pollMillis, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    /**
     * Returns once the round in progress, if any, has finished, or after the lease: by
     * then another relay may have claimed its events anyway.
     */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = worker;
        worker = null;
        if (executor == null) {
            return;
        }
        // checked before every round, also by rounds a wake-up queued already
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Outbox relay round still running after the lease ({}); its events go out again",
                        settings.lease());
                executor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /**
     * Below the web server's phases (graceful shutdown included), so the relay starts
     * before the first request and stops after the last one.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

}

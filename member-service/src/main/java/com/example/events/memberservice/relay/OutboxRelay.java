package com.example.events.memberservice.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.events.memberservice.eventlog.EventHandoff;
import com.example.events.memberservice.eventlog.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes stored events to SNS. The events this instance appends are handed over at
 * their commit ({@link EventHandoff}), already reserved for this relay by their insert,
 * and published straight from memory: no claim, no read. A poll claims the rest from the
 * log as the safety net: another instance's events once its lease has ended (it crashed
 * after its commit), events whose relay died after claiming them, events this relay had
 * no room for or gave back, and replays.
 *
 * <p>
 * A claim takes a batch under a lease in one statement; the relay publishes it, then
 * marks what SNS accepted and releases the rest. Relays side by side claim different
 * events and never an event reserved for another, so each goes out once; a relay that
 * dies between claim (or reservation) and mark leaves its events to whoever claims them
 * after the lease: at-least-once, never lost. Events handed over go first, and while both
 * kinds wait, rounds alternate, so a replay claimed from the log never holds up a live
 * event by more than one round. While SNS fails, the relay backs off exponentially and
 * gives back what it holds; while the database fails, it keeps polling and resumes by
 * itself when the database answers again.
 *
 * <p>
 * Stopping (a deploy, a scale-in) lets the round in progress finish, marks what it
 * published, starts no other and gives back the events handed over but not yet published,
 * so the next instance publishes them at once and nothing twice. It stops after the web
 * server, so that no request appends an event after it has stopped.
 */
@Component
public class OutboxRelay implements SmartLifecycle, EventHandoff {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final RelayProperties settings;

    private final PendingEvents pending;

    private final MemberEventPublisher publisher;

    private final BlockingQueue<StoredEvent> handedOver = new LinkedBlockingQueue<>();

    /**
     * The log may hold due events that nobody handed over: set at every poll, after a
     * commit that handed nothing over, after a full claim and whenever events go back to
     * the log.
     */
    private final AtomicBoolean logDue = new AtomicBoolean(true);

    private final AtomicBoolean roundQueued = new AtomicBoolean();

    private volatile ScheduledExecutorService worker;

    private volatile boolean stopping;

    private volatile Instant pausedUntil = Instant.MIN;

    // the worker thread's own
    private boolean databaseFailing;

    private boolean claimNext;

    private Duration backoff;

    OutboxRelay(RelayProperties settings, PendingEvents pending, MemberEventPublisher publisher) {
        this.settings = settings;
        this.pending = pending;
        this.publisher = publisher;
        this.backoff = settings.initialBackoff();
    }

    @Override
    public Optional<Duration> reservation() {
        if (worker == null || stopping || Instant.now().isBefore(pausedUntil)
                || handedOver.size() >= settings.handoffCapacity()) {
            return Optional.empty();
        }
        return Optional.of(settings.lease());
    }

    @Override
    public void committed(List<StoredEvent> reserved) {
        handedOver.addAll(reserved);
        if (reserved.isEmpty()) {
            logDue.set(true);
        }
        if (worker == null) {
            // reserved before the relay stopped, committed after it gave back what it
            // held
            giveBackHandedOver();
            return;
        }
        wakeUp();
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

    private void poll() {
        logDue.set(true);
        drain();
    }

    /**
     * Publishes until nothing is handed over or due in the log, SNS fails or the relay is
     * stopping. Runs on the single worker thread only.
     */
    void drain() {
        try {
            while (!stopping && Instant.now().isAfter(pausedUntil)) {
                int published;
                if (logDue.get() && (claimNext || handedOver.isEmpty())) {
                    logDue.set(false);
                    claimNext = false;
                    published = publishClaimed();
                }
                else if (!handedOver.isEmpty()) {
                    claimNext = true;
                    published = publishHandedOver();
                }
                else {
                    return;
                }
                if (databaseFailing) {
                    databaseFailing = false;
                    log.info("Outbox relay reaches the database again");
                }
                if (published < 0) {
                    return;
                }
            }
        }
        catch (RuntimeException ex) {
            // the database itself failed; claimed and reserved events come back when
            // their
            // lease ends
            logDue.set(true);
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

    private int publishClaimed() {
        List<StoredEvent> claimed = pending.claim(settings.batchSize(), settings.lease());
        int published = publish(claimed);
        if (claimed.size() == settings.batchSize()) {
            logDue.set(true);
        }
        return published;
    }

    private int publishHandedOver() {
        List<StoredEvent> events = new ArrayList<>(settings.batchSize());
        handedOver.drainTo(events, settings.batchSize());
        // one that waited so long that its lease could end during this round, when
        // another relay might claim and publish it too, goes back to the log instead
        Instant lateAfter = Instant.now().plus(settings.longestRound());
        List<StoredEvent> late = events.stream().filter(event -> event.claimedUntil().isBefore(lateAfter)).toList();
        if (!late.isEmpty()) {
            events.removeAll(late);
            giveBack(late);
        }
        return publish(events);
    }

    /** The number of events SNS accepted, or -1 when it refused some. */
    private int publish(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        MemberEventPublisher.Outcome outcome = publisher.publish(events);
        pending.markPublished(outcome.accepted());
        if (outcome.failed().isEmpty()) {
            backoff = settings.initialBackoff();
            return outcome.accepted().size();
        }
        // for whoever claims them after the pause: the refused ones and everything handed
        // over meanwhile
        List<StoredEvent> refused = new ArrayList<>(outcome.failed());
        handedOver.drainTo(refused);
        giveBack(refused);
        backOff(outcome);
        return -1;
    }

    private void giveBack(List<StoredEvent> events) {
        pending.release(events);
        logDue.set(true);
    }

    private void giveBackHandedOver() {
        List<StoredEvent> events = new ArrayList<>();
        handedOver.drainTo(events);
        if (events.isEmpty()) {
            return;
        }
        try {
            pending.release(events);
        }
        catch (RuntimeException ex) {
            log.warn("Could not give back {} events handed over to the stopped relay; they go out after their lease "
                    + "({}): {}", events.size(), settings.lease(), ex.toString());
        }
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
        executor.scheduleWithFixedDelay(this::poll, 0, pollMillis, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    /**
     * Returns once the round in progress, if any, has finished, or after the lease: by
     * then another relay may have claimed its events anyway. Gives back what was handed
     * over and not yet published.
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
        giveBackHandedOver();
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

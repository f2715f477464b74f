package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes stored events to SNS. Woken right after each commit that appends one, and polling as a safety net
 * for events whose wake-up was lost (a crash after commit, another instance's events, SNS having been down).
 *
 * <p>Each batch is claimed with {@code FOR UPDATE SKIP LOCKED} and marked published in the same transaction, so
 * instances running side by side never publish the same event twice, and a crash before the mark leaves the event
 * pending for the next attempt: at-least-once, never lost. While SNS fails, the relay backs off exponentially.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxProperties.Relay settings;
    private final JdbcClient jdbc;
    private final MemberEventPublisher publisher;
    private final TransactionTemplate transaction;
    private final Counter published;
    private final Counter failures;
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();

    private volatile ScheduledExecutorService worker;
    private volatile Instant pausedUntil = Instant.MIN;
    private Duration backoff;

    OutboxRelay(OutboxProperties properties, JdbcClient jdbc, MemberEventPublisher publisher,
            TransactionTemplate transaction, MeterRegistry meters) {
        this.settings = properties.relay();
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.transaction = transaction;
        this.published = meters.counter("outbox.events.published");
        this.failures = meters.counter("outbox.publish.failures");
        this.backoff = settings.initialBackoff();
    }

    /** Asks for a publishing round soon; many wake-ups before it runs collapse into one. */
    void wakeUp() {
        ScheduledExecutorService current = worker;
        if (current != null && wakeUpQueued.compareAndSet(false, true)) {
            current.execute(() -> {
                wakeUpQueued.set(false);
                drain();
            });
        }
    }

    /** Publishes until nothing is pending or SNS fails. Runs on the single worker thread only. */
    void drain() {
        try {
            while (Instant.now().isAfter(pausedUntil) && publishNextBatch() == settings.batchSize()) {
                // a full batch: there may be more
            }
        }
        catch (RuntimeException ex) {
            // the database itself failed; the next poll tries again
            log.warn("Outbox relay round failed: {}", ex.toString());
        }
    }

    private int publishNextBatch() {
        Integer done = transaction.execute(status -> {
            List<StoredEvent> batch = claimPending(settings.batchSize());
            int sent = 0;
            for (StoredEvent event : batch) {
                try {
                    publisher.publish(event);
                }
                catch (RuntimeException ex) {
                    backOff(event, ex);
                    break;
                }
                sent++;
            }
            markPublished(batch.subList(0, sent));
            published.increment(sent);
            if (sent == batch.size()) {
                backoff = settings.initialBackoff();
                return sent;
            }
            return -1;
        });
        return done == null ? 0 : done;
    }

    /** Pending events, oldest first, locked so that another relay instance skips rather than republishes them. */
    List<StoredEvent> claimPending(int limit) {
        return jdbc.sql("""
                select sequence, event_id, event_type, schema_version, member_id, occurred_at, traceparent
                from event_log
                where published_at is null
                order by sequence
                limit :limit
                for update skip locked
                """)
            .param("limit", limit)
            .query((rs, row) -> new StoredEvent(rs.getLong("sequence"), rs.getObject("event_id", UUID.class),
                MemberEventType.valueOf(rs.getString("event_type")), rs.getInt("schema_version"),
                rs.getObject("member_id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("traceparent")))
            .list();
    }

    void markPublished(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.sql("update event_log set published_at = now() where sequence in (:sequences)")
            .param("sequences", events.stream().map(StoredEvent::sequence).toList())
            .update();
    }

    private void backOff(StoredEvent event, RuntimeException cause) {
        failures.increment();
        Duration jittered = backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1));
        pausedUntil = Instant.now().plus(jittered);
        log.warn("Publishing event {} (sequence {}) failed, retrying in {} ms: {}", event.eventId(),
            event.sequence(), jittered.toMillis(), cause.toString());
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
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
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

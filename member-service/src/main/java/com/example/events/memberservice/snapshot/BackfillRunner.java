package com.example.events.memberservice.snapshot;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.events.memberservice.eventlog.EventLog;
import com.example.events.memberservice.eventlog.MemberEventType;
import com.example.events.memberservice.member.MemberSnapshotSource;
import com.example.platform.database.DatabaseFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a backfill chunk by chunk on one instance at a time: the one that holds its lease,
 * renewed with every chunk. Every instance looks for a backfill whose owner's lease has
 * ended and takes it over, so a backfill outlives the instance that started it.
 *
 * <p>
 * A chunk is one transaction: the backfill's row locked for update (only the owner goes
 * on, from the cursor the last chunk committed), the next members in id order locked for
 * share (a deletion of one waits, and its {@code MemberDeleted} comes after the
 * snapshot), a {@code MemberSnapshot} of each appended, the cursor and the counters
 * moved. After a crash the backfill resumes from the last chunk that committed, and no
 * chunk is emitted twice. Before each chunk it waits while the event log holds more than
 * {@code max-pending-chunks} chunks of unpublished events, so it never runs ahead of the
 * relay; its events go out after every live event anyway.
 *
 * <p>
 * While the database is unavailable it stops and resumes at the next look; any other
 * failure of a chunk ends the backfill as {@code FAILED}.
 */
@Component
class BackfillRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackfillRunner.class);

    private static final Duration LEAST_WAIT = Duration.ofMillis(50);

    private enum Outcome {

        MORE, DONE, LOST

    }

    /**
     * @param finished the backfill's status once this chunk has finished it
     */
    private record Chunk(Outcome outcome, int emitted, BackfillStatus finished) {

        Chunk(Outcome outcome, int emitted) {
            this(outcome, emitted, null);
        }

    }

    private final BackfillTable table;

    private final MemberSnapshotSource members;

    private final EventLog eventLog;

    private final TransactionTemplate transaction;

    private final BackfillProperties settings;

    private final Counter emitted;

    /** This instance, as the backfill table names its owner. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    private final AtomicBoolean lookQueued = new AtomicBoolean();

    private volatile ScheduledExecutorService worker;

    private volatile boolean stopping;

    BackfillRunner(BackfillTable table, MemberSnapshotSource members, EventLog eventLog,
            TransactionTemplate transaction, BackfillProperties settings, MeterRegistry meters) {
        this.table = table;
        this.members = members;
        this.eventLog = eventLog;
        this.transaction = transaction;
        this.settings = settings;
        this.emitted = Counter.builder("backfill.members.emitted")
            .description("MemberSnapshot events a backfill on this instance appended to the event log")
            .register(meters);
    }

    String owner() {
        return owner;
    }

    /** Looks for a backfill to run now, or right after the look in progress. */
    void wakeUp() {
        ScheduledExecutorService current = worker;
        if (current != null && lookQueued.compareAndSet(false, true)) {
            try {
                current.execute(() -> {
                    lookQueued.set(false);
                    look();
                });
            }
            catch (RejectedExecutionException shutDown) {
                lookQueued.set(false);
            }
        }
    }

    private void look() {
        Optional<BackfillTable.Run> taken;
        try {
            taken = table.takeOver(owner, settings.lease());
        }
        catch (RuntimeException ex) {
            log.debug("Could not look for a backfill to run: {}", ex.toString());
            return;
        }
        taken.ifPresent(this::run);
    }

    private void run(BackfillTable.Run run) {
        if (run.previousOwner() != null && !owner.equals(run.previousOwner())) {
            log.info("Backfill {} taken over from {}, whose lease ended, after {} members", run.id(),
                    run.previousOwner(), run.scanned());
        }
        try {
            while (!stopping) {
                if (!awaitRoomInTheLog(run)) {
                    return;
                }
                Chunk chunk = transaction.execute(status -> chunk(run));
                emitted.increment(chunk.emitted());
                switch (chunk.outcome()) {
                    case DONE -> {
                        BackfillStatus done = chunk.finished();
                        Duration took = Duration.between(done.startedAt(), done.finishedAt());
                        log.info("Backfill {} done: {} members scanned, {} snapshots emitted in {} s ({} members/s)",
                                run.id(), done.scanned(), done.emitted(), took.toMillis() / 1000.0,
                                done.scanned() * 1000 / Math.max(1, took.toMillis()));
                        return;
                    }
                    case LOST -> {
                        log.info("Backfill {} is no longer this instance's to run", run.id());
                        return;
                    }
                    case MORE -> sleep(settings.pause());
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            if (DatabaseFailures.classify(ex).isPresent()) {
                log.warn("Backfill {} paused, the database did not take a chunk; it resumes from its last chunk: {}",
                        run.id(), ex.toString());
                return;
            }
            log.error("Backfill {} failed", run.id(), ex);
            try {
                table.fail(run, owner, ex.toString());
            }
            catch (RuntimeException notMarked) {
                log.warn("Could not mark backfill {} failed; it resumes after its lease: {}", run.id(),
                        notMarked.toString());
            }
        }
    }

    private Chunk chunk(BackfillTable.Run run) {
        Optional<BackfillTable.Cursor> cursor = table.lockForChunk(run);
        if (cursor.isEmpty() || !"RUNNING".equals(cursor.get().state()) || !owner.equals(cursor.get().owner())) {
            return new Chunk(Outcome.LOST, 0);
        }
        UUID after = cursor.get().lastMemberId();
        List<UUID> read = members.lockNext(after, run.chunkSize());
        if (read.isEmpty()) {
            // every member of this chunk was deleted while the read waited for it
            if (members.anyAfter(after)) {
                table.advance(run, after, 0, 0, settings.lease());
                return new Chunk(Outcome.MORE, 0);
            }
            return new Chunk(Outcome.DONE, 0, table.finish(run));
        }
        int appended = eventLog.appendQueued(MemberEventType.MemberSnapshot, read, null);
        table.advance(run, read.getLast(), read.size(), appended, settings.lease());
        return new Chunk(Outcome.MORE, appended);
    }

    /**
     * @return false when the backfill is no longer this instance's, or it stops
     */
    private boolean awaitRoomInTheLog(BackfillTable.Run run) throws InterruptedException {
        long bound = (long) settings.maxPendingChunks() * run.chunkSize();
        while (!stopping) {
            if (eventLog.pending().count() <= bound) {
                return true;
            }
            sleep(settings.pause().compareTo(LEAST_WAIT) < 0 ? LEAST_WAIT : settings.pause());
            if (!table.renewLease(run, owner, settings.lease())) {
                return false;
            }
        }
        return false;
    }

    private static void sleep(Duration pause) throws InterruptedException {
        if (pause.isPositive()) {
            Thread.sleep(pause);
        }
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        stopping = false;
        ScheduledExecutorService executor = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("backfill").daemon(true).factory());
        long pollMillis = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::look, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    /**
     * Lets the chunk in progress commit, starts no other and gives the backfill up, so
     * that another instance takes it over at its next look rather than after the lease.
     */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = worker;
        worker = null;
        if (executor == null) {
            return;
        }
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            table.release(owner);
        }
        catch (RuntimeException ex) {
            log.warn("Could not give up the backfill this instance ran; another takes it over after the lease: {}",
                    ex.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

}

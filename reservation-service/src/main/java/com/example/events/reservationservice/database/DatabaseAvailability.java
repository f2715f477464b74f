package com.example.events.reservationservice.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.example.platform.database.DatabaseFailureClassifier;
import com.example.platform.database.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers: {@code db} in the readiness group, and what the queue's
 * listener waits for before it receives again. Checked on a connection of its own, opened
 * for each check and bounded by {@code database.probe.timeout}, so that neither a pool
 * exhausted by load nor a pool still waiting for a dead server decides; every
 * {@code database.probe.every} while the database answers, every
 * {@code database.probe.every-while-down} once a check or a user of the database found it
 * gone ({@link #reportUnavailable}). Once gone, it is back when both pools hand out a
 * connection again. Readiness answers from the last check at once.
 */
@Component("dbHealthIndicator")
public class DatabaseAvailability implements HealthIndicator, SmartLifecycle, DatabaseFailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final DatabasePools pools;

    private final DataSource probe;

    private final DatabaseProperties.Probe settings;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = lock.newCondition();

    private volatile String unavailableBecause;

    private volatile Thread checker;

    DatabaseAvailability(DatabasePools pools, DatabaseProperties database) {
        this.pools = pools;
        this.settings = database.probe();
        this.probe = pools.unpooled(settings.timeout());
    }

    public boolean isAvailable() {
        return unavailableBecause == null;
    }

    /**
     * Whether a failure is the database's, as {@link DatabaseFailures#classify} tells, or
     * else as a check made now tells: a failure of a statement on a connection that broke
     * is often replaced by the failure to roll back on it, which names no cause, and any
     * failure while the database does not answer is one to try again once it does.
     * @return empty when the failure is the work's own
     */
    public Optional<DatabaseFailures.Kind> classify(Throwable failure) {
        Optional<DatabaseFailures.Kind> known = DatabaseFailures.classify(failure);
        if (known.isPresent()) {
            return known;
        }
        check();
        return isAvailable() ? Optional.empty() : Optional.of(DatabaseFailures.Kind.UNAVAILABLE);
    }

    /**
     * For the REST API: 503 with a {@code Retry-After} rather than 500, as
     * {@link #classify} decides.
     */
    @Override
    public boolean isDatabaseFailure(Throwable failure) {
        return classify(failure).isPresent();
    }

    /**
     * A user of the database found it unreachable: it counts as unavailable until a check
     * finds it back, and the checks come at the faster pace at once.
     */
    public void reportUnavailable(Throwable failure) {
        boolean wasAvailable = isAvailable();
        markUnavailable(String.valueOf(rootCause(failure).getMessage()));
        Thread current = checker;
        if (wasAvailable && current != null) {
            current.interrupt();
        }
    }

    /**
     * Waits up to {@code timeout} for the database to be available.
     * @return whether it is
     */
    public boolean awaitAvailable(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!isAvailable() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return isAvailable();
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public Health health() {
        String reason = unavailableBecause;
        return reason == null ? Health.up().build() : Health.down().withDetail("error", reason).build();
    }

    private void check() {
        try (Connection connection = probe.getConnection()) {
            if (!connection.isValid((int) Math.max(1, settings.timeout().toSeconds()))) {
                throw new SQLException("the connection did not answer");
            }
        }
        catch (SQLException | RuntimeException ex) {
            markUnavailable(String.valueOf(rootCause(ex).getMessage()));
            return;
        }
        // ready again only once the pools connect too: until then every request routed
        // here would still be refused
        if (!isAvailable() && !pools.eachPoolConnects()) {
            markUnavailable("the database answers again, the connection pools not yet");
            return;
        }
        markAvailable();
    }

    private void markAvailable() {
        String previous = unavailableBecause;
        signal(null);
        if (previous != null) {
            log.info("Database reachable again");
        }
    }

    private void markUnavailable(String reason) {
        boolean wasAvailable = isAvailable();
        signal(reason);
        if (wasAvailable) {
            log.warn("Database unavailable ({}): not ready; the member events listener pauses", reason);
        }
    }

    private void signal(String reason) {
        lock.lock();
        try {
            unavailableBecause = reason;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void checkUntilStopped() {
        while (checker == Thread.currentThread()) {
            try {
                Duration pause = isAvailable() ? settings.every() : settings.everyWhileDown();
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            }
            catch (InterruptedException ex) {
                // reported unavailable, or stopping: check now, or end
                if (checker != Thread.currentThread()) {
                    return;
                }
            }
            check();
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public void start() {
        Thread thread = Thread.ofPlatform().daemon().name("database-availability").unstarted(this::checkUntilStopped);
        checker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread current = checker;
        checker = null;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return checker != null;
    }

}

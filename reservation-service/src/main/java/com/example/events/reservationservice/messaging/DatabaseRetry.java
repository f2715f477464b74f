package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.example.events.reservationservice.database.DatabaseAvailability;
import com.example.events.reservationservice.database.DatabasePools;
import com.example.platform.database.DatabaseFailures;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Applies messages on the listener's connections until that succeeds or fails for a
 * reason of their own. A failure of the database is not the messages': they are kept
 * (their visibility extended by {@link InFlightVisibility}) and applied again, once the
 * database answers again when it was unreachable, after a short pause when their
 * transaction lost a conflict. Let go, a message would come back after the visibility
 * timeout with one more receive, and after {@code max-receive-count} of them SQS would
 * dead-letter it, a deletion left unapplied because of an outage. Only when the listener
 * stops are kept messages given back to the queue.
 */
@Component
class DatabaseRetry {

    static final String DEFERRED_METER = "member.events.deferred";

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);

    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private final DatabaseAvailability database;

    private final ObjectProvider<MessageListenerContainerRegistry> containers;

    private final Counter unavailable;

    private final Counter contention;

    DatabaseRetry(DatabaseAvailability database, ObjectProvider<MessageListenerContainerRegistry> containers,
            MeterRegistry meters) {
        this.database = database;
        this.containers = containers;
        this.unavailable = deferred(meters, "database-unavailable");
        this.contention = deferred(meters, "database-contention");
    }

    private static Counter deferred(MeterRegistry meters, String reason) {
        return Counter.builder(DEFERRED_METER)
            .description("Attempts to apply an event that the database failed, kept to be applied again")
            .tag("reason", reason)
            .register(meters);
    }

    /**
     * @throws RuntimeException the work's own failure; or the database's once the
     * listener is stopping
     */
    <T> T untilApplied(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return DatabasePools.forListener(work);
            }
            catch (RuntimeException ex) {
                DatabaseFailures.Kind kind = database.classify(ex).orElseThrow(() -> ex);
                if (!listening()) {
                    throw ex;
                }
                if (kind == DatabaseFailures.Kind.UNAVAILABLE) {
                    unavailable.increment();
                    database.reportUnavailable(ex);
                    log.info("Database unavailable while applying the event (attempt {}); keeping it until the "
                            + "database answers: {}", attempt, ex.toString());
                    awaitDatabase(ex);
                    // a full disk or a cancelled statement leaves the database answering
                    // the probe: without a pause the same work would fail again at once
                    pause(attempt, ex);
                }
                else {
                    contention.increment();
                    log.debug("The event's transaction lost a conflict (attempt {}); applying it again: {}", attempt,
                            ex.toString());
                    pause(attempt, ex);
                }
            }
        }
    }

    private void awaitDatabase(RuntimeException failure) {
        try {
            while (!database.awaitAvailable(DatabaseGate.WAIT)) {
                if (!listening()) {
                    throw failure;
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private static void pause(int attempt, RuntimeException failure) {
        long longest = Math.min(LONGEST_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(longest / 2, longest + 1));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private boolean listening() {
        MessageListenerContainer<?> container = containers.getObject().getContainerById(MemberEventListener.ID);
        return container != null && container.isRunning();
    }

}

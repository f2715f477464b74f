package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.BatchVisibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps messages that are still being handled hidden in the queue: every third of the
 * visibility timeout, the messages of each receive handled for longer than that get a
 * whole visibility timeout again, in one request. A message waiting for its database (an
 * outage, a lock held elsewhere) is therefore not delivered a second time meanwhile, and
 * its receive count does not grow towards the dead-letter queue; one whose handling has
 * ended comes back after the timeout as before. SQS stops extending twelve hours after
 * the receive.
 */
@Component
class InFlightVisibility implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InFlightVisibility.class);

    private static final Duration SHORTEST_ROUND = Duration.ofMillis(500);

    private final int visibilityTimeoutSeconds;

    private final Duration round;

    private final Map<BatchVisibility, Long> handledSince = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService timer;

    InFlightVisibility(MessagingProperties messaging) {
        this.visibilityTimeoutSeconds = messaging.visibilityTimeoutSeconds();
        Duration third = Duration.ofSeconds(visibilityTimeoutSeconds).dividedBy(3);
        this.round = third.compareTo(SHORTEST_ROUND) < 0 ? SHORTEST_ROUND : third;
    }

    /** The messages of {@code visibility} are kept hidden until {@code work} returns. */
    void whileHandling(BatchVisibility visibility, Runnable work) {
        handledSince.put(visibility, System.nanoTime());
        try {
            work.run();
        }
        finally {
            handledSince.remove(visibility);
        }
    }

    private void extendLongRunning() {
        long now = System.nanoTime();
        handledSince.forEach((visibility, since) -> {
            if (now - since >= round.toNanos()) {
                visibility.changeToAsync(visibilityTimeoutSeconds).exceptionally(failure -> {
                    log.debug("Could not extend the visibility of messages being handled: {}", failure.toString());
                    return null;
                });
            }
        });
    }

    @Override
    public void start() {
        if (visibilityTimeoutSeconds == 0) {
            return; // nothing to extend
        }
        timer = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("member-events-visibility").daemon().factory());
        timer.scheduleWithFixedDelay(this::extendLongRunning, round.toMillis(), round.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = timer;
        timer = null;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** Started before the listener's container and stopped after it has drained. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

}

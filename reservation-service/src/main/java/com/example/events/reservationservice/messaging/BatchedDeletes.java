package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.awspring.cloud.sqs.listener.ContainerOptions;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.AbstractOrderingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Deletes the messages whose listener returned (whose transaction committed) from the
 * queue in batches of up to ten, on a thread of its own: as soon as ten are waiting, else
 * every {@code acknowledgementInterval}. When the container stops, after its last message
 * was handled, it deletes what is still waiting and waits up to
 * {@code acknowledgementShutdownTimeout} for those deletes to finish, so that a graceful
 * stop leaves no applied message on the queue to be redelivered.
 *
 * <p>
 * Used instead of Spring Cloud AWS's own batching processor, which in 4.0.x can drop the
 * last deletes at a stop (awspring/spring-cloud-aws#1663 and #1664, fixed after 4.1.0);
 * {@code GracefulShutdownIT} shows the difference.
 */
final class BatchedDeletes<T> extends AbstractOrderingAcknowledgementProcessor<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchedDeletes.class);

    private static final int BATCH = ListenerProperties.MAX_MESSAGES_PER_RECEIVE;

    private final Object lock = new Object();

    private List<Message<T>> waiting = new ArrayList<>();

    private boolean flushQueued;

    private final Set<CompletableFuture<Void>> deleting = ConcurrentHashMap.newKeySet();

    private Duration interval;

    private Duration shutdownTimeout;

    private ScheduledExecutorService timer;

    /** The component factory of a standard queue's container, with these deletes. */
    static <T> StandardSqsComponentFactory<T> componentFactory() {
        return new StandardSqsComponentFactory<>() {
            @Override
            public AcknowledgementProcessor<T> createAcknowledgementProcessor(SqsContainerOptions options) {
                BatchedDeletes<T> deletes = new BatchedDeletes<>();
                deletes.setMaxAcknowledgementsPerBatch(BATCH);
                deletes
                    .configure(options.toBuilder().acknowledgementOrdering(AcknowledgementOrdering.PARALLEL).build());
                return deletes;
            }
        };
    }

    @Override
    protected void doConfigure(ContainerOptions<?, ?> options) {
        this.interval = options.getAcknowledgementInterval();
        this.shutdownTimeout = options.getAcknowledgementShutdownTimeout();
    }

    @Override
    protected void doStart() {
        timer = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name(getId() + "-deletes").daemon().factory());
        timer.scheduleWithFixedDelay(this::deleteWaiting, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected CompletableFuture<Void> doOnAcknowledge(Message<T> message) {
        return doOnAcknowledge(List.of(message));
    }

    /**
     * Runs on the listener's thread, so the delete itself is left to the timer's: a
     * listener thread is free for the next message at once.
     */
    @Override
    protected CompletableFuture<Void> doOnAcknowledge(Collection<Message<T>> messages) {
        boolean full;
        synchronized (lock) {
            waiting.addAll(messages);
            full = waiting.size() >= BATCH && !flushQueued;
            flushQueued |= full;
        }
        if (full) {
            try {
                timer.execute(this::deleteWaiting);
            }
            catch (RejectedExecutionException stopping) {
                // doStop deletes what waits
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void deleteWaiting() {
        List<Message<T>> batch;
        synchronized (lock) {
            flushQueued = false;
            batch = takeWaiting();
        }
        if (!batch.isEmpty()) {
            delete(batch);
        }
    }

    /**
     * Once per message: SQS refuses a whole batch that names one twice, as when a message
     * whose delete was late came back and was handled again.
     */
    private List<Message<T>> takeWaiting() {
        Map<Object, Message<T>> byId = new LinkedHashMap<>();
        waiting.forEach(message -> byId.put(message.getHeaders().getId(), message));
        waiting = new ArrayList<>();
        return new ArrayList<>(byId.values());
    }

    private void delete(List<Message<T>> messages) {
        // a failed delete is logged by sendToExecutor; the message comes back and is
        // recognised as a duplicate
        CompletableFuture<Void> done = sendToExecutor(messages);
        deleting.add(done);
        done.whenComplete((result, failure) -> deleting.remove(done));
    }

    @Override
    protected void doStop() {
        timer.shutdown(); // lets a running round finish; no further rounds
        try {
            timer.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            deleteWaiting();
            CompletableFuture.allOf(deleting.toArray(CompletableFuture[]::new))
                .get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (TimeoutException ex) {
            log.warn("{} deletes did not finish within {}; those messages will be received again", deleting.size(),
                    shutdownTimeout);
        }
        catch (ExecutionException ex) {
            // already logged per batch by sendToExecutor
        }
    }

}

package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Starts the queue's listener once the queue is there: provisioned first where this
 * service provisions its own topology, so that no listener ever runs against a queue
 * without its dead-letter redrive, and looked up where the infra code created it. The
 * first attempt runs during start-up, before the service reports ready; when the broker
 * cannot be reached the service still starts (the REST API does not need the broker) and
 * the attempt is repeated in the background with growing pauses until it succeeds. Where
 * the service provisions its topology, it also checks every
 * {@code messaging.topology-check-interval} that the topology is still there and creates
 * it again when it is not (a broker restarted without its state): the listener, which
 * keeps polling with growing pauses while its queue is missing, then consumes again by
 * itself.
 */
@Component
class MemberEventsListenerStarter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemberEventsListenerStarter.class);

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final MessagingProperties properties;

    private final MessagingTopology topology;

    private final MessageListenerContainerRegistry containers;

    private final SqsAsyncClient sqs;

    private volatile ScheduledExecutorService retries;

    private volatile boolean running;

    MemberEventsListenerStarter(MessagingProperties properties, MessagingTopology topology,
            MessageListenerContainerRegistry containers, SqsAsyncClient sqs) {
        this.properties = properties;
        this.topology = topology;
        this.containers = containers;
        this.sqs = sqs;
    }

    @Override
    public void start() {
        running = true;
        if (!tryStart()) {
            retries = Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("member-events-start").daemon().factory());
            retries.schedule(() -> retry(FIRST_RETRY), FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retry(Duration pause) {
        if (!running || tryStart()) {
            retries.shutdown();
            return;
        }
        Duration next = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
        retries.schedule(() -> retry(next), next.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized boolean tryStart() {
        MessageListenerContainer<?> container = containers.getContainerById(MemberEventListener.ID);
        if (container == null) {
            throw new IllegalStateException("No listener container " + MemberEventListener.ID);
        }
        if (container.isRunning()) {
            return true;
        }
        try {
            if (properties.provision()) {
                topology.provision();
            }
            else {
                // the container would otherwise create a bare queue of that name, without
                // its dead-letter redrive
                sqs.getQueueUrl(request -> request.queueName(properties.queueName())).join();
            }
            container.start();
            return true;
        }
        catch (RuntimeException ex) {
            if (container.isRunning()) {
                stopQuietly(container);
            }
            if (!running) {
                return true; // shutting down: nothing to retry
            }
            log.warn("Not consuming {} yet ({}); retrying in the background", properties.queueName(), ex.toString());
            return false;
        }
    }

    @Scheduled(initialDelayString = "${messaging.topology-check-interval}",
            fixedDelayString = "${messaging.topology-check-interval}")
    void provisionAgainIfMissing() {
        MessageListenerContainer<?> container = containers.getContainerById(MemberEventListener.ID);
        if (!properties.provision() || !running || container == null || !container.isRunning()) {
            return; // on AWS the infra code owns the topology; before the start, tryStart
                    // does
        }
        try {
            if (!topology.isInPlace()) {
                log.warn("The queue {}, its dead-letter queue or its subscription is missing on the broker; "
                        + "provisioning them again", properties.queueName());
                topology.provision();
            }
        }
        catch (RuntimeException ex) {
            log.debug("Could not check the topology: {}", ex.toString());
        }
    }

    private static void stopQuietly(MessageListenerContainer<?> container) {
        try {
            container.stop();
        }
        catch (RuntimeException ex) {
            log.debug("Stopping a half-started listener failed: {}", ex.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService current = retries;
        if (current != null) {
            current.shutdownNow();
        }
        // the container registry stops the container itself
    }

    @Override
    public boolean isRunning() {
        return running;
    }

}

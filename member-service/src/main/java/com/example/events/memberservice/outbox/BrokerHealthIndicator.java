package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * {@code broker} in the readiness group: UP while the topic answers GetTopicAttributes. A
 * topic the broker lost is created again where this service provisions it
 * ({@link MemberEventsTopic#recreate}); on AWS it stays DOWN until the topic is back.
 * Without SNS the API still works and events wait in the outbox, but an instance that
 * cannot publish should not be the one taking traffic while another can. Liveness leaves
 * it out: restarting would not bring SNS back.
 */
@Component
class BrokerHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BrokerHealthIndicator.class);

    private final MemberEventsTopic topic;

    private final SnsClient sns;

    private final Duration timeout;

    private final Throttled<Health> health;

    private volatile Status lastStatus;

    BrokerHealthIndicator(MemberEventsTopic topic, SnsClient sns, ObservabilityProperties properties) {
        this.topic = topic;
        this.sns = sns;
        this.timeout = properties.brokerHealth().timeout();
        this.health = new Throttled<>(this::check, properties.brokerHealth().cacheFor());
    }

    @Override
    public Health health() {
        return health.get();
    }

    private Health check() {
        Health result;
        // on its own thread, so that even a topic lookup the SDK would wait on for long
        // cannot hold the probe
        var check = CompletableFuture.supplyAsync(this::topicAttributes,
                runnable -> Thread.ofVirtual().name("broker-health").start(runnable));
        try {
            result = Health.up().withDetail("topic", check.get(timeout.toMillis(), TimeUnit.MILLISECONDS)).build();
        }
        catch (TimeoutException ex) {
            check.cancel(true);
            result = Health.down()
                .withDetail("error", "SNS did not answer within " + timeout.toMillis() + " ms")
                .build();
        }
        catch (ExecutionException ex) {
            result = Health.down(ex.getCause()).build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            result = Health.unknown().build();
        }
        logChange(result);
        return result;
    }

    private String topicAttributes() {
        String arn = topic.arn();
        try {
            return topicAttributes(arn);
        }
        catch (NotFoundException ex) {
            // the broker lost the topic: ready again as soon as it is back, even with no
            // event to publish that would notice
            return topicAttributes(topic.recreate(arn).orElseThrow(() -> ex));
        }
    }

    private String topicAttributes(String arn) {
        sns.getTopicAttributes(
                request -> request.topicArn(arn).overrideConfiguration(config -> config.apiCallTimeout(timeout)));
        return arn;
    }

    private void logChange(Health result) {
        Status previous = lastStatus;
        lastStatus = result.getStatus();
        if (previous == null || previous.equals(result.getStatus())) {
            return;
        }
        if (Status.UP.equals(result.getStatus())) {
            log.info("Broker reachable again: ready");
        }
        else {
            log.warn("Broker health {}, not ready: {}", result.getStatus(), result.getDetails());
        }
    }

}

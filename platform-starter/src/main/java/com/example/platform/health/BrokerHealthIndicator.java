package com.example.platform.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code broker} in the readiness group: UP while the service's {@link BrokerProbe}
 * answers. An instance that cannot reach its broker should not be the one taking traffic
 * while another can; liveness leaves it out, as a restart would not bring the broker
 * back. Each check is bounded by {@code observability.broker-health.timeout} and reused
 * for {@code observability.broker-health.cache-for}; a change of state is logged once.
 */
class BrokerHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BrokerHealthIndicator.class);

    private final BrokerProbe probe;

    private final BrokerHealthProperties settings;

    private final Throttled<Health> health;

    private volatile Status lastStatus;

    BrokerHealthIndicator(BrokerProbe probe, BrokerHealthProperties settings) {
        this.probe = probe;
        this.settings = settings;
        this.health = new Throttled<>(this::check, settings.cacheFor());
    }

    @Override
    public Health health() {
        return health.get();
    }

    private Health check() {
        Health result;
        // on its own thread, so that even a call the client would wait on for long cannot
        // hold the probe
        var check = CompletableFuture.supplyAsync(() -> {
            try {
                return probe.check(settings.timeout());
            }
            catch (Exception ex) {
                throw new CompletionException(ex);
            }
        }, runnable -> Thread.ofVirtual().name("broker-health").start(runnable));
        try {
            result = Health.up().withDetails(check.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)).build();
        }
        catch (TimeoutException ex) {
            check.cancel(true);
            result = Health.down()
                .withDetail("error", probe.broker() + " did not answer within " + settings.timeout().toMillis() + " ms")
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

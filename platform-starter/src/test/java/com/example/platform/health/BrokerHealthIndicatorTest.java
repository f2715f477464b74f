package com.example.platform.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness check over a service's probe: bounded in time, reused, UP or DOWN. */
class BrokerHealthIndicatorTest {

    private static final BrokerHealthProperties QUICK = new BrokerHealthProperties(Duration.ZERO,
            Duration.ofMillis(300));

    @Test
    void upWithWhatTheProbeReports() {
        Health health = new BrokerHealthIndicator(probe(timeout -> Map.of("queue", "things")), QUICK).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("queue", "things");
    }

    @Test
    void downWithTheBrokersReason() {
        Health health = new BrokerHealthIndicator(probe(timeout -> {
            throw new IllegalStateException("Unable to execute HTTP request: Connection refused");
        }), QUICK).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("Connection refused");
    }

    @Test
    void aProbeThatHangsIsDownWithinTheTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();
        Health health = new BrokerHealthIndicator(probe(timeout -> {
            never.await(1, TimeUnit.MINUTES);
            return Map.of();
        }), QUICK).health();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "SQS did not answer within 300 ms");
        // generous for a loaded machine: the point is that it does not wait a minute
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aResultIsReusedForCacheFor() {
        AtomicInteger calls = new AtomicInteger();
        var cached = new BrokerHealthIndicator(probe(timeout -> Map.of("calls", calls.incrementAndGet())),
                new BrokerHealthProperties(Duration.ofMinutes(1), Duration.ofSeconds(1)));
        for (int i = 0; i < 5; i++) {
            assertThat(cached.health().getDetails()).containsEntry("calls", 1);
        }

        var uncached = new BrokerHealthIndicator(probe(timeout -> Map.of("calls", calls.incrementAndGet())), QUICK);
        uncached.health();
        assertThat(uncached.health().getDetails()).containsEntry("calls", 3);
    }

    @Test
    void theProbeIsToldItsTimeout() {
        var told = new AtomicReference<Duration>();
        new BrokerHealthIndicator(probe(timeout -> {
            told.set(timeout);
            return Map.of();
        }), QUICK).health();

        assertThat(told).hasValue(Duration.ofMillis(300));
    }

    interface Check {

        Map<String, Object> check(Duration timeout) throws Exception;

    }

    private static BrokerProbe probe(Check check) {
        return new BrokerProbe() {

            @Override
            public String broker() {
                return "SQS";
            }

            @Override
            public Map<String, Object> check(Duration timeout) throws Exception {
                return check.check(timeout);
            }

        };
    }

}

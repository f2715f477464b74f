package com.example.events.chaos;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls each service's readiness and liveness, as an orchestrator does, on a thread per
 * service from construction to {@link #close()}, and remembers what it saw: whether
 * readiness answered DOWN (503), how often liveness did not answer UP, and when readiness
 * last answered UP.
 */
final class HealthWatch implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(500);

    private final Map<String, Http> services;

    private final Map<String, AtomicBoolean> readinessDown = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> livenessNotUp = new ConcurrentHashMap<>();

    // when the last readiness probe that answered UP was sent
    private final Map<String, Instant> readyAsOf = new ConcurrentHashMap<>();

    private final List<Thread> threads = new ArrayList<>();

    HealthWatch(Map<String, Http> services) {
        this.services = Map.copyOf(services);
        services.forEach((name, http) -> {
            readinessDown.put(name, new AtomicBoolean());
            livenessNotUp.put(name, new AtomicInteger());
            threads.add(Thread.ofVirtual().name("health-" + name).start(() -> poll(name, http)));
        });
    }

    private void poll(String name, Http http) {
        while (!Thread.currentThread().isInterrupted()) {
            Instant sent = Instant.now();
            int readiness = status(http, "/actuator/health/readiness");
            if (readiness == 503) {
                readinessDown.get(name).set(true);
            }
            else if (readiness == 200) {
                readyAsOf.put(name, sent);
            }
            if (status(http, "/actuator/health/liveness") != 200) {
                livenessNotUp.get(name).incrementAndGet();
            }
            SteadyDeletions.sleepUntil(sent.plus(PERIOD));
        }
    }

    private static int status(Http http, String path) {
        try {
            return http.get(path).status();
        }
        catch (UncheckedIOException noAnswer) {
            return RacingReservations.NO_ANSWER;
        }
    }

    /** Readiness answered 503 at least once. */
    boolean sawReadinessDown(String service) {
        return readinessDown.get(service).get();
    }

    /** Liveness probes that did not answer 200 (another status, or no answer in time). */
    int livenessNotUp(String service) {
        return livenessNotUp.get(service).get();
    }

    /**
     * Waits until readiness answers UP for every service to a probe sent after this call;
     * false when it does not by the deadline.
     */
    boolean awaitAllReady(Instant deadline) {
        Instant since = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            if (services.keySet().stream().allMatch(name -> readyAsOf.getOrDefault(name, Instant.MIN).isAfter(since))) {
                return true;
            }
            SteadyDeletions.sleepUntil(Instant.now().plusMillis(100));
        }
        return false;
    }

    @Override
    public void close() {
        threads.forEach(BackgroundThread::stop);
    }

}

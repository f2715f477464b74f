package com.example.events.chaos;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * DELETE requests arriving at a fixed pace whatever the answers, as clients keep arriving
 * at a service that is in trouble: each on a thread of its own, each answer recorded with
 * how long it took.
 */
final class PacedDeletions {

    static final int NO_ANSWER = RacingReservations.NO_ANSWER;

    record Sent(UUID member, int status, long millis, boolean retryAfter, boolean problemJson) {
    }

    private PacedDeletions() {
    }

    /**
     * Deletes the members one every {@code period} until {@code duration} is over or they
     * are all asked for; returns once every request has its answer.
     */
    static List<Sent> send(Http members, List<UUID> toDelete, Duration period, Duration duration) {
        Instant start = Instant.now();
        Instant end = start.plus(duration);
        List<Sent> sent = new ArrayList<>();
        List<Thread> requests = new ArrayList<>();
        for (int i = 0; i < toDelete.size(); i++) {
            Instant at = start.plus(period.multipliedBy(i));
            if (!at.isBefore(end)) {
                break;
            }
            SteadyDeletions.sleepUntil(at);
            UUID member = toDelete.get(i);
            requests.add(Thread.ofVirtual().name("delete-" + member).start(() -> {
                Sent answer = delete(members, member);
                synchronized (sent) {
                    sent.add(answer);
                }
            }));
        }
        for (Thread request : requests) {
            try {
                request.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    private static Sent delete(Http members, UUID member) {
        long start = System.nanoTime();
        try {
            Http.Answer answer = members.delete("/members/" + member);
            return new Sent(member, answer.status(), elapsedMillis(start),
                    answer.headers().firstValue("Retry-After").isPresent(),
                    answer.headers()
                        .firstValue("Content-Type")
                        .filter(type -> type.startsWith("application/problem+json"))
                        .isPresent());
        }
        catch (UncheckedIOException noAnswer) {
            return new Sent(member, NO_ANSWER, elapsedMillis(start), false, false);
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

}

package com.example.events.chaos;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deletes members through member-service's API one after another at a steady pace, on its
 * own thread, up to the count allowed so far. The allowance ties each fault to a point in
 * the stream of deletions however slow the machine is, and a step that needs the stream
 * stopped (killing member-service) simply finds it at its allowance.
 */
final class SteadyDeletions {

    private final Http members;

    private final Duration period;

    private final ConcurrentLinkedQueue<UUID> remaining;

    private final List<UUID> deleted = new CopyOnWriteArrayList<>();

    private final List<String> unexpectedAnswers = new CopyOnWriteArrayList<>();

    private final Thread thread;

    private volatile int allowance;

    SteadyDeletions(Http members, List<UUID> toDelete, Duration period) {
        this.members = members;
        this.period = period;
        this.remaining = new ConcurrentLinkedQueue<>(toDelete);
        this.thread = Thread.ofPlatform().name("steady-deletions").daemon().unstarted(this::run);
        thread.start();
    }

    /** Lets the stream go on up to {@code count} deletions in all. */
    void allowUpTo(int count) {
        allowance = count;
    }

    private void run() {
        Instant next = Instant.now();
        while (!remaining.isEmpty() && !Thread.currentThread().isInterrupted()) {
            if (count() >= allowance) {
                sleepUntil(Instant.now().plusMillis(20));
                next = Instant.now(); // back from a stop: keep the pace, do not catch up
                                      // in a burst
                continue;
            }
            deleteNext();
            next = next.plus(period);
            sleepUntil(next);
        }
    }

    /** Deletes the next member in line; 204 is the only right answer. */
    UUID deleteNext() {
        UUID member = remaining.poll();
        if (member == null) {
            throw new IllegalStateException("no member left to delete");
        }
        try {
            Http.Answer answer = members.delete("/members/" + member);
            if (answer.status() != 204) {
                unexpectedAnswers.add("DELETE " + member + " -> " + answer.status() + " " + answer.body());
            }
        }
        catch (UncheckedIOException ex) {
            unexpectedAnswers.add("DELETE " + member + " -> no answer: " + ex.getCause());
        }
        deleted.add(member);
        return member;
    }

    int count() {
        return deleted.size();
    }

    List<UUID> deleted() {
        return List.copyOf(deleted);
    }

    List<String> unexpectedAnswers() {
        return List.copyOf(unexpectedAnswers);
    }

    /**
     * The last few deleted and the next few to be: the members whose deletion is racing
     * anything else right now.
     */
    List<UUID> aroundTheCurrentDeletion(int before, int after) {
        List<UUID> window = new ArrayList<>();
        List<UUID> done = deleted();
        window.addAll(done.subList(Math.max(0, done.size() - before), done.size()));
        remaining.stream().limit(after).forEach(window::add);
        return window;
    }

    boolean isDone() {
        return remaining.isEmpty() && !thread.isAlive();
    }

    void awaitCount(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (count() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + count() + " of " + count + " deletions within " + timeout);
            }
            sleepUntil(Instant.now().plusMillis(20));
        }
    }

    void awaitDone(Duration timeout) {
        try {
            thread.join(timeout);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        stop();
        if (!remaining.isEmpty()) {
            throw new IllegalStateException("deletions not done within " + timeout + ": " + count() + " done");
        }
    }

    /**
     * Ends the stream where it is (also when a step failed), so no thread outlives the
     * test.
     */
    void stop() {
        BackgroundThread.stop(thread);
    }

    static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

}

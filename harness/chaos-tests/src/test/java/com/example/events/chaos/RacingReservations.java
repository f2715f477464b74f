package com.example.events.chaos;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Keeps creating reservations for the members whose deletion is under way, on its own
 * thread, through whichever reservation-service instance answers, and records every
 * answer per member: 201 while the replica still knows the member as active, 422 once the
 * deletion reached it, and never a 201 after a 422.
 */
final class RacingReservations {

    static final int NO_ANSWER = -1;

    private final List<Http> instances;

    private final SteadyDeletions deletions;

    private final Slots slots;

    private final Map<UUID, List<Integer>> answers = new ConcurrentHashMap<>();

    private final AtomicInteger turn = new AtomicInteger();

    private final Thread thread;

    private volatile boolean paused;

    // the thread saw the pause and sends nothing until it ends
    private volatile boolean idle;

    RacingReservations(List<Http> instances, SteadyDeletions deletions, Slots slots) {
        this.instances = instances;
        this.deletions = deletions;
        this.slots = slots;
        this.thread = Thread.ofPlatform().name("racing-reservations").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void stop() {
        BackgroundThread.stop(thread);
    }

    /**
     * No more reservations until {@link #resume()}: while reservation-service's database
     * is away, a race with deletions says nothing. Returns once the request under way, if
     * any, has its answer.
     */
    void pause() {
        paused = true;
        Instant deadline = Instant.now().plusSeconds(30);
        while (!idle && thread.isAlive() && Instant.now().isBefore(deadline)) {
            SteadyDeletions.sleepUntil(Instant.now().plusMillis(20));
        }
    }

    void resume() {
        paused = false;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted() && !deletions.isDone()) {
            if (paused) {
                idle = true;
                SteadyDeletions.sleepUntil(Instant.now().plusMillis(50));
                continue;
            }
            idle = false;
            for (UUID member : deletions.aroundTheCurrentDeletion(2, 3)) {
                answers.computeIfAbsent(member, id -> new ArrayList<>()).add(reserve(member));
            }
            SteadyDeletions.sleepUntil(Instant.now().plusMillis(150));
        }
    }

    // Round robin over the instances; one that is down (killed) is skipped for the next.
    private int reserve(UUID member) {
        Map<String, String> reservation = slots.reservationFor(member);
        for (int attempt = 0; attempt < instances.size(); attempt++) {
            Http instance = instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
            try {
                return instance.post("/reservations", reservation).status();
            }
            catch (UncheckedIOException down) {
                // the next instance
            }
        }
        return NO_ANSWER;
    }

    long count(int status) {
        return answers.values().stream().flatMap(List::stream).filter(s -> s == status).count();
    }

    /** Each answer other than 201, 422 or none, with how often it came. */
    Map<Integer, Long> otherAnswers() {
        return answers.values()
            .stream()
            .flatMap(List::stream)
            .filter(s -> s != 201 && s != 422 && s != NO_ANSWER)
            .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    /** Members that got a 201 after a 422: a deleted member reserving again. */
    List<UUID> createdAfterRefused() {
        return answers.entrySet().stream().filter(entry -> {
            List<Integer> statuses = entry.getValue();
            int firstRefusal = statuses.indexOf(422);
            return firstRefusal >= 0 && statuses.subList(firstRefusal, statuses.size()).contains(201);
        }).map(Map.Entry::getKey).toList();
    }

    int members() {
        return answers.size();
    }

}

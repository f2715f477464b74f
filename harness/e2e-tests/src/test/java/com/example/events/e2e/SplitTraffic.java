package com.example.events.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * What users do during a split, at 50 requests a second whatever the answers (an open
 * loop): of every five, one registration and one deletion at member-service, three
 * reservations at reservation-service, each of a member picked at random among those
 * known to exist (the shared database's and the registered ones). A request that gets no
 * answer (member-service killed) counts as status -1; a deletion without an answer leaves
 * its member in doubt, so it is neither picked again nor counted as deleted.
 */
final class SplitTraffic implements AutoCloseable {

    enum Phase {

        /** the services' first seconds: not measured */
        WARM_UP, BEFORE_BACKFILL, BACKFILL,
        /** member-service killed and starting again: not measured */
        RESTART, AFTER_BACKFILL

    }

    private static final long PERIOD_MICROS = 20_000;

    private static final Instant FIRST_SLOT = Instant.parse("2028-01-03T08:00:00Z");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private final URI members;

    private final URI reservations;

    private final List<UUID> candidates;

    private final Set<UUID> registered = ConcurrentHashMap.newKeySet();

    private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();

    private final Map<String, Map<Integer, LongAdder>> statuses = new ConcurrentHashMap<>();

    private final Map<Phase, List<Long>> memberLatencyMicros = new EnumMap<>(Phase.class);

    private final AtomicLong ticks = new AtomicLong();

    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();

    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

    private volatile Phase phase = Phase.WARM_UP;

    private Summary summary;

    private SplitTraffic(URI members, URI reservations, List<UUID> sharedMembers) {
        this.members = members;
        this.reservations = reservations;
        this.candidates = new ArrayList<>(sharedMembers);
        for (Phase each : Phase.values()) {
            memberLatencyMicros.put(each, Collections.synchronizedList(new ArrayList<>()));
        }
    }

    static SplitTraffic start(URI members, URI reservations, List<UUID> sharedMembers) {
        SplitTraffic traffic = new SplitTraffic(members, reservations, sharedMembers);
        traffic.pace.scheduleAtFixedRate(() -> {
            long tick = traffic.ticks.getAndIncrement();
            traffic.requests.execute(() -> traffic.send(tick));
        }, 0, PERIOD_MICROS, TimeUnit.MICROSECONDS);
        return traffic;
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    /** Sends nothing more, waits for what was sent. */
    synchronized Summary stop() {
        if (summary == null) {
            pace.shutdownNow();
            requests.close();
            http.close();
            summary = new Summary(counts(), Set.copyOf(registered), Set.copyOf(deleted), memberLatencyMicros);
        }
        return summary;
    }

    @Override
    public void close() {
        stop();
    }

    private void send(long tick) {
        switch ((int) (tick % 5)) {
            case 0 -> register(tick);
            case 1 -> delete();
            default -> reserve(tick);
        }
    }

    private void register(long tick) {
        Answer response = timed(() -> send("POST", members.resolve("/members"), Map.of("name", "Split Traffic " + tick,
                "email",
                "split.traffic." + tick + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com")));
        if (count("register", response) == 201) {
            UUID id = UUID.fromString(JSON.readTree(response.body()).get("id").asString());
            registered.add(id);
            synchronized (candidates) {
                candidates.add(id);
            }
        }
    }

    private void delete() {
        UUID member;
        synchronized (candidates) {
            if (candidates.isEmpty()) {
                return;
            }
            member = candidates.remove(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
        if (count("delete", timed(() -> send("DELETE", members.resolve("/members/" + member), null))) == 204) {
            deleted.add(member);
        }
    }

    private void reserve(long tick) {
        UUID member;
        synchronized (candidates) {
            member = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
        Instant startsAt = FIRST_SLOT.plus(tick, ChronoUnit.HOURS);
        count("reserve",
                send("POST", reservations.resolve("/reservations"),
                        Map.of("memberId", member.toString(), "resource", "live-room-" + tick % 20, "startsAt",
                                startsAt.toString(), "endsAt", startsAt.plus(45, ChronoUnit.MINUTES).toString())));
    }

    private Answer timed(Supplier<Answer> request) {
        Phase during = phase;
        long started = System.nanoTime();
        Answer response = request.get();
        if (response != null && during != Phase.WARM_UP && during != Phase.RESTART) {
            memberLatencyMicros.get(during).add((System.nanoTime() - started) / 1000);
        }
        return response;
    }

    /**
     * @return null when no answer came
     */
    private Answer send(String method, URI uri, Map<String, String> body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http
                .send(request
                    .method(method,
                            body == null ? BodyPublishers.noBody()
                                    : BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(), BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        }
        catch (IOException noAnswer) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private record Answer(int status, String body) {
    }

    private int count(String kind, Answer response) {
        int status = response == null ? -1 : response.status();
        statuses.computeIfAbsent(kind, any -> new ConcurrentHashMap<>())
            .computeIfAbsent(status, any -> new LongAdder())
            .increment();
        return status;
    }

    private Map<String, Map<Integer, Long>> counts() {
        Map<String, Map<Integer, Long>> counts = new TreeMap<>();
        statuses.forEach((kind, byStatus) -> {
            Map<Integer, Long> sorted = new TreeMap<>();
            byStatus.forEach((status, count) -> sorted.put(status, count.sum()));
            counts.put(kind, sorted);
        });
        return counts;
    }

    /**
     * @param statuses by kind of request, how many got each status (-1: no answer)
     * @param registered members whose registration was answered 201
     * @param deleted members whose deletion was answered 204
     */
    record Summary(Map<String, Map<Integer, Long>> statuses, Set<UUID> registered, Set<UUID> deleted,
            Map<Phase, List<Long>> memberLatencyMicros) {

        /**
         * The 99th percentile of member-service's answered requests in that phase, in ms.
         */
        String p99(Phase phase) {
            List<Long> sorted;
            synchronized (memberLatencyMicros.get(phase)) {
                sorted = new ArrayList<>(memberLatencyMicros.get(phase));
            }
            if (sorted.isEmpty()) {
                return "none";
            }
            Collections.sort(sorted);
            long micros = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
            return String.format(Locale.ROOT, "%.1f (of %d)", micros / 1000.0, sorted.size());
        }

        @Override
        public String toString() {
            return statuses + ", " + new HashSet<>(registered).size() + " registered, " + deleted.size() + " deleted";
        }

    }

}

package com.example.events.benchmarks;

import com.example.events.localsystem.LocalSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * The whole system on this machine (emulator, two PostgreSQL, both services as processes,
 * started by local-system as the e2e tests do), members with reservations seeded, then:
 * propagation latency at open-loop offered rates, the sustained ceiling of a burst, the
 * broker's own floor, and the synchronous REST alternative.
 */
public final class PipelineBenchmark {

    private static final int RESERVATIONS_PER_MEMBER = 2;

    private static final int BURST_CONCURRENCY = 64;

    private final Settings settings;

    private final LocalSystem system;

    private final Rest rest;

    private final Propagation propagation;

    PipelineBenchmark(Settings settings, LocalSystem system) {
        this.settings = settings;
        this.system = system;
        this.rest = new Rest(system.memberService().baseUrl(), system.reservationService().baseUrl());
        this.propagation = new Propagation(
                new Propagation.Database(system.memberDatabase().jdbcUrl(), system.memberDatabase().username(),
                        system.memberDatabase().password()),
                new Propagation.Database(system.reservationDatabase().jdbcUrl(),
                        system.reservationDatabase().username(), system.reservationDatabase().password()));
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Settings settings = Boolean.getBoolean("bench.quick") ? Settings.quick(output) : Settings.full(output);
        String rates = System.getProperty("bench.rates");
        if (rates != null) {
            settings = settings
                .withRates(java.util.Arrays.stream(rates.split(",")).map(String::trim).map(Integer::valueOf).toList());
        }
        // e.g. a flight recording of each service:
        // -Dbench.jvmOptions="-XX:StartFlightRecording=filename=/tmp/%p.jfr,settings=profile"
        String jvmOptions = System.getProperty("bench.jvmOptions", "").trim();
        run(settings, jvmOptions.isEmpty() ? List.of() : List.of(jvmOptions.split("\\s+")));
    }

    static Results run(Settings settings) throws Exception {
        return run(settings, List.of());
    }

    static Results run(Settings settings, List<String> serviceJvmOptions) throws Exception {
        try (LocalSystem system = LocalSystem.builder().jvmOptions(serviceJvmOptions).start()) {
            Results results = new PipelineBenchmark(settings, system).measure();
            Files.createDirectories(settings.output());
            Report.write(results, settings.output());
            System.out.println(Files.readString(settings.output().resolve("results.md")));
            return results;
        }
    }

    Results measure() {
        log("seeding %d members with %d reservations each", settings.pipelineMembers() + settings.synchronousMembers(),
                RESERVATIONS_PER_MEMBER);
        List<UUID> pipelineMembers = seed(settings.pipelineMembers());
        List<UUID> synchronousMembers = seed(settings.synchronousMembers());

        log("broker floor");
        List<Latency> floorLatencies = new ArrayList<>();
        double floorPerSecond;
        try (BrokerFloor floor = new BrokerFloor(system.broker().snsClient(), system.broker().sqsClient())) {
            for (int rate : settings.offeredRates()) {
                floorLatencies.add(floor.latencyAt(rate, settings.perRate()));
            }
            floorPerSecond = floor.throughput(settings.floorBurst());
        }

        List<Latency[]> pipeline = new ArrayList<>();
        List<Results.Undone> pipelineUndone = new ArrayList<>();
        var remaining = new ArrayList<>(pipelineMembers);
        for (int rate : settings.offeredRates()) {
            List<UUID> slice = take(remaining, settings.deletionsAt(rate, settings.perRate()));
            log("pipeline at %d deletions/s (%d deletions)", rate, slice.size());
            Offered offered = offer(rate, slice, member -> rest.deleteMember(member) ? Outcome.DONE : Outcome.REFUSED);
            pipelineUndone.add(offered.undone());
            pipeline.add(propagationOf(offered.done()));
        }

        List<UUID> burst = take(remaining, settings.burst());
        log("ceiling: a burst of %d deletions", burst.size());
        Duration intake = OpenLoop.asFastAsPossible(burst.size(), BURST_CONCURRENCY, i -> {
            if (!rest.deleteMember(burst.get(i))) {
                throw new IllegalStateException("member-service refused a deletion of the burst: " + BURST_CONCURRENCY
                        + " at once should stay under its web.max-concurrent-requests");
            }
        });
        List<Propagation.Deletion> burstDeletions = awaitApplied(burst);
        Instant first = burstDeletions.stream()
            .map(Propagation.Deletion::committed)
            .min(Instant::compareTo)
            .orElseThrow();
        Instant last = burstDeletions.stream().map(Propagation.Deletion::applied).max(Instant::compareTo).orElseThrow();
        var ceiling = new Results.Ceiling(burst.size(), burst.size() / seconds(intake),
                burst.size() / seconds(Duration.between(first, last)));

        log("synchronous alternative (both services' broker paths cut, so only the REST calls run)");
        List<Latency> synchronous = new ArrayList<>();
        List<Results.Undone> synchronousUndone = new ArrayList<>();
        double synchronousPerSecond;
        system.memberService().cutBroker();
        system.reservationService().cutBroker();
        try {
            var rest2 = new ArrayList<>(synchronousMembers);
            List<UUID> deleted = new ArrayList<>();
            for (int rate : settings.offeredRates()) {
                List<UUID> slice = take(rest2, settings.deletionsAt(rate, settings.synchronousPerRate()));
                Queue<Long> micros = new ConcurrentLinkedQueue<>();
                Offered offered = offer(rate, slice, member -> {
                    long start = System.nanoTime();
                    Outcome outcome = deleteSynchronously(member);
                    if (outcome == Outcome.DONE) {
                        micros.add((System.nanoTime() - start) / 1000);
                    }
                    return outcome;
                });
                deleted.addAll(offered.done());
                synchronousUndone.add(offered.undone());
                synchronous.add(Latency.ofMicros(micros));
            }
            List<UUID> synchronousBurst = take(rest2, settings.burst());
            Duration took = OpenLoop.asFastAsPossible(synchronousBurst.size(), BURST_CONCURRENCY, i -> {
                Outcome outcome = deleteSynchronously(synchronousBurst.get(i));
                if (outcome != Outcome.DONE) {
                    throw new IllegalStateException("a deletion of the synchronous burst ended " + outcome);
                }
            });
            deleted.addAll(synchronousBurst);
            synchronousPerSecond = synchronousBurst.size() / seconds(took);
            if (propagation.reservationsLeft(deleted) != 0) {
                throw new IllegalStateException("the synchronous alternative left reservations behind");
            }
        }
        finally {
            system.memberService().restoreBroker();
            system.reservationService().restoreBroker();
        }

        List<Results.AtRate> rates = new ArrayList<>();
        for (int i = 0; i < settings.offeredRates().size(); i++) {
            rates.add(new Results.AtRate(settings.offeredRates().get(i), pipeline.get(i)[0], pipeline.get(i)[1],
                    floorLatencies.get(i), synchronous.get(i), pipelineUndone.get(i), synchronousUndone.get(i)));
        }
        return new Results(Instant.now(), Machine.describe(), rates, ceiling, floorPerSecond, synchronousPerSecond,
                system.memberService().peakRssBytes(), system.reservationService().peakRssBytes());
    }

    private List<UUID> seed(int count) {
        List<UUID> members = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, (UUID) null)));
        OpenLoop.asFastAsPossible(count, 16, i -> members.set(i, rest.registerMember(i)));
        propagation.awaitReplicated(members, Duration.ofSeconds(30 + count / 50));
        OpenLoop.asFastAsPossible(count * RESERVATIONS_PER_MEMBER, 16,
                i -> rest.reserve(members.get(i / RESERVATIONS_PER_MEMBER), i));
        return new ArrayList<>(members);
    }

    private Latency[] propagationOf(List<UUID> members) {
        List<Propagation.Deletion> deletions = awaitApplied(members);
        return new Latency[] {
                Latency.ofMicros(deletions.stream().map(Propagation.Deletion::propagationMicros).toList()),
                Latency.ofMicros(deletions.stream().map(Propagation.Deletion::publishLagMicros).toList()) };
    }

    private List<Propagation.Deletion> awaitApplied(List<UUID> members) {
        List<Propagation.Deletion> deletions = propagation.awaitDeletions(members,
                Duration.ofSeconds(60 + members.size() / 20));
        long left = propagation.reservationsLeft(members);
        if (left != 0) {
            throw new IllegalStateException(left + " reservations of deleted members are left");
        }
        return deletions;
    }

    private Outcome deleteSynchronously(UUID member) {
        if (!rest.deleteMember(member)) {
            return Outcome.REFUSED;
        }
        try {
            rest.deleteReservationsOf(member);
            return Outcome.DONE;
        }
        catch (RuntimeException ex) {
            return Outcome.HALF_DONE;
        }
    }

    /** How one offered deletion ended. */
    private enum Outcome {

        DONE,
        /** member-service answered 503 (too many requests in progress) and did nothing */
        REFUSED,
        /** no answer: a connect or read timeout, the connection closed */
        FAILED,
        /** synchronous only: the member is deleted, its reservations are not */
        HALF_DONE

    }

    private record Offered(Map<UUID, Outcome> outcomes) {

        List<UUID> done() {
            return outcomes.entrySet()
                .stream()
                .filter(entry -> entry.getValue() == Outcome.DONE)
                .map(Map.Entry::getKey)
                .toList();
        }

        Results.Undone undone() {
            return new Results.Undone(count(Outcome.REFUSED), count(Outcome.FAILED), count(Outcome.HALF_DONE));
        }

        private int count(Outcome outcome) {
            return (int) outcomes.values().stream().filter(outcome::equals).count();
        }

    }

    /** Offers the deletions open-loop at {@code rate} per second. */
    private static Offered offer(int rate, List<UUID> members, Function<UUID, Outcome> delete) {
        Map<UUID, Outcome> outcomes = new ConcurrentHashMap<>();
        OpenLoop.run(members.size(), rate, i -> {
            Outcome outcome;
            try {
                outcome = delete.apply(members.get(i));
            }
            catch (RuntimeException ex) {
                outcome = Outcome.FAILED;
            }
            outcomes.put(members.get(i), outcome);
        });
        return new Offered(outcomes);
    }

    private static List<UUID> take(List<UUID> from, int count) {
        List<UUID> taken = new ArrayList<>(from.subList(0, count));
        from.subList(0, count).clear();
        return taken;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[benchmark %tT] %s%n", Instant.now().toEpochMilli(), format.formatted(args));
    }

}

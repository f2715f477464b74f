package com.example.events.benchmarks;

import com.example.events.localsystem.Broker;
import com.example.events.localsystem.BrokerProxy;
import com.example.events.localsystem.LocalBroker;
import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole system on this machine (SNS/SQS broker, two PostgreSQL, both services as
 * processes, started by local-system), members with reservations seeded, then in one run:
 * <ol>
 * <li>through a TCP proxy in front of the broker: open-loop deletions at
 * {@link Settings#proxiedRates()}, for what the extra hop costs;</li>
 * <li>member-service restarted with its relay off: the synchronous REST alternative, the
 * REST intake of a burst (I₀), the outbox filled to {@link Settings#prefilledEvents()};
 * </li>
 * <li>reservation-service stopped, member-service restarted with the relay on: the relay
 * alone drains the outbox into the queue (R₀); reservation-service started: the consumer
 * alone drains the queue (C₀);</li>
 * <li>the direct broker path, as in production: open-loop deletions at
 * {@link Settings#offeredRates()}, live deletions with and without a replay, and the
 * ceiling of a burst with the CPU time it cost every process (L).</li>
 * </ol>
 * Every measured part follows a warm-up that is not measured. Each deletion is measured
 * stage by stage from both databases' {@link Stamps}; the services' GC logs line the
 * outliers up with their JVMs' pauses.
 */
public final class PipelineBenchmark {

    private static final int RESERVATIONS_PER_MEMBER = 2;

    private static final int BURST_CONCURRENCY = 64;

    private static final int WARM_UP_RATE = 200;

    private static final String SUBSCRIBER = "reservation";

    private static final String QUEUE = "reservation-member-events";

    private static final int OUTLIERS_SHOWN = 5;

    private final Settings settings;

    private final LocalSystem system;

    private final LocalBroker localBroker;

    private final StartSettings startSettings;

    private final Rest rest;

    private final Propagation propagation;

    private final Map<Long, String> servicePids = new LinkedHashMap<>();

    private final List<PhaseRun> phaseRuns = new ArrayList<>();

    private CpuTime cpu;

    private SqsClient sqs;

    private String queueUrl;

    private PipelineBenchmark(Settings settings, LocalSystem system, LocalBroker localBroker,
            StartSettings startSettings) {
        this.settings = settings;
        this.system = system;
        this.localBroker = localBroker;
        this.startSettings = startSettings;
        this.rest = new Rest(system.memberService().baseUrl(), system.reservationService().baseUrl(),
                LocalSystem.DEFAULT_ADMIN_USERNAME, LocalSystem.DEFAULT_ADMIN_PASSWORD);
        this.propagation = new Propagation(database(system.memberDatabase()), database(system.reservationDatabase()));
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "harness/benchmarks/results");
        Path logs = args.length > 1 ? Path.of(args[1]) : output.resolve("logs");
        Settings settings = Boolean.getBoolean("bench.quick") ? Settings.quick(output, logs)
                : Settings.full(output, logs);
        String rates = System.getProperty("bench.rates");
        if (rates != null) {
            settings = settings
                .withRates(java.util.Arrays.stream(rates.split(",")).map(String::trim).map(Integer::valueOf).toList());
        }
        // e.g. a flight recording of each service:
        // -Dbench.jvmOptions="-XX:StartFlightRecording=filename=/tmp/%p.jfr,settings=profile"
        String jvmOptions = System.getProperty("bench.jvmOptions", "").trim();
        // -Dbench.broker=localstack: LocalStack run natively instead of the emulator
        LocalBroker.Kind broker = LocalBroker.Kind.of(System.getProperty("bench.broker", "emulator"));
        run(settings, jvmOptions.isEmpty() ? List.of() : List.of(jvmOptions.split("\\s+")), broker);
    }

    static Results run(Settings settings, LocalBroker.Kind broker) throws Exception {
        return run(settings, List.of(), broker);
    }

    static Results run(Settings settings, List<String> serviceJvmOptions, LocalBroker.Kind brokerKind)
            throws Exception {
        Files.createDirectories(settings.logs());
        StartSettings startSettings = new StartSettings(settings.logs());
        List<String> jvmOptions = new ArrayList<>(Pauses.jvmOptions(settings.logs()));
        jvmOptions.addAll(serviceJvmOptions);
        // the broker outlives the services' restarts, and the proxies of the first part
        // stand in front of it; it runs in a session of its own, so a benchmark stopped
        // by a signal stops it in a shutdown hook
        LocalBroker localBroker = LocalBroker.start(brokerKind, 0, settings.logs().resolve("sns-sqs-broker.log"));
        System.out.println("[benchmark] SNS/SQS: " + localBroker.description() + " at " + localBroker.endpoint());
        Thread stopBroker = new Thread(localBroker::close, "benchmark-broker-stop");
        Runtime.getRuntime().addShutdownHook(stopBroker);
        try (localBroker;
                BrokerProxy memberProxy = BrokerProxy.start("benchmark-member-service", localBroker.endpoint());
                BrokerProxy reservationProxy = BrokerProxy.start("benchmark-reservation-service",
                        localBroker.endpoint())) {
            startSettings.write(true, memberProxy.endpoint(), reservationProxy.endpoint());
            Broker broker = localBroker.broker();
            Results results;
            try (LocalSystem system = systemBuilder(broker, startSettings, jvmOptions).start()) {
                results = new PipelineBenchmark(settings, system, localBroker, startSettings).measure();
            }
            Files.createDirectories(settings.output());
            Report.write(results, settings.output());
            System.out.println(Files.readString(settings.output().resolve("results.md")));
            return results;
        }
        finally {
            Runtime.getRuntime().removeShutdownHook(stopBroker);
        }
    }

    /**
     * Without the launcher's proxies: the services reach their databases directly, and
     * the broker at the endpoints {@link StartSettings} names for each start (the broker
     * itself, or the benchmark's own proxies for the part that measures the extra hop),
     * so nothing but that hop stands between a measured deletion and production's paths.
     */
    private static LocalSystem.Builder systemBuilder(Broker broker, StartSettings startSettings,
            List<String> jvmOptions) {
        Map.Entry<String, String> readSettings = startSettings.environment();
        return LocalSystem.builder()
            .withoutProxies()
            .broker(broker)
            .jvmOptions(jvmOptions)
            .environment(readSettings.getKey(), readSettings.getValue());
    }

    Results measure() {
        String loadAtStart = Machine.load();
        recordPids();
        sqs = system.broker().sqsClient();
        queueUrl = sqs.getQueueUrl(b -> b.queueName(QUEUE)).queueUrl();
        cpu = new CpuTime().process("member-service", () -> system.memberService().pid())
            .process("reservation-service", () -> system.reservationService().pid())
            .tree("SNS/SQS broker", localBroker.pid())
            .tree("member database", Propagation.serverPid(propagation.memberDatabase()))
            .tree("reservation database", Propagation.serverPid(propagation.reservationDatabase()))
            .process("load generator", () -> ProcessHandle.current().pid());

        int total = settings.proxiedMembers() + settings.pipelineMembers() + settings.synchronousMembers();
        log("seeding %d members with %d reservations each", total, RESERVATIONS_PER_MEMBER);
        List<UUID> seeded = seed(total);
        List<UUID> proxied = take(seeded, settings.proxiedMembers());
        List<UUID> pipeline = take(seeded, settings.pipelineMembers());
        List<UUID> synchronousMembers = seeded;

        log("the broker alone: publish → receive at %d/s", settings.offeredRates().getFirst());
        Latency brokerFloor;
        try (BrokerFloor floor = new BrokerFloor(system.broker().snsClient(), system.broker().sqsClient())) {
            brokerFloor = floor.latencyAt(settings.offeredRates().getFirst(), settings.perRate());
        }

        log("through a TCP proxy in front of the broker");
        warmUp(proxied);
        for (int rate : settings.proxiedRates()) {
            measurePhase(rate + "/s via proxy", Results.Kind.PROXIED, rate, take(proxied, deletionsAt(rate)));
        }

        log("member-service restarted with its relay off");
        URI direct = localBroker.endpoint();
        startSettings.write(false, direct, direct);
        restart(system.memberService());
        List<Results.Synchronous> synchronous = synchronousAlternative(synchronousMembers);
        Results.Baselines intake = intakeWithRelayOff();
        fillOutbox();
        system.reservationService().stop();
        List<UUID> prefilled = propagation.pendingEvents();

        log("the relay alone drains %d events (reservation-service stopped)", prefilled.size());
        startSettings.write(true, direct, direct);
        restart(system.memberService());
        double relayPerSecond = relayAlone(prefilled);
        log("the consumer alone drains them");
        system.reservationService().start();
        recordPids();
        double consumerPerSecond = consumerAlone(prefilled);
        var baselines = new Results.Baselines(intake.intakeDeletions(), intake.intakePerSecond(), intake.intakeUndone(),
                prefilled.size(), relayPerSecond, prefilled.size(), consumerPerSecond);

        log("the direct broker path");
        warmUp(pipeline);
        for (int rate : settings.offeredRates()) {
            measurePhase(rate + "/s", Results.Kind.DIRECT, rate, take(pipeline, deletionsAt(rate)));
        }
        int replayRate = Settings.REPLAY_RATE;
        measurePhase(replayRate + "/s, no replay", Results.Kind.WITHOUT_REPLAY, replayRate,
                take(pipeline, deletionsAt(replayRate)));
        Results.Replay replay = duringReplay(take(pipeline, deletionsAt(replayRate)));
        Results.Backfill backfill = duringBackfill(take(pipeline, deletionsAt(replayRate)));
        Results.Ceiling ceiling = ceiling(take(pipeline, settings.burst()));

        sqs.close();
        Pauses pauses = Pauses.read(settings.logs(), servicePids);
        Set<Stamps.Stamp> stamps = propagation.stamps().available();
        Stamps.Stage headline = Stamps.headline(stamps);
        List<Results.Phase> phases = phaseRuns.stream().map(run -> run.measured(headline, pauses)).toList();
        Map<String, Long> peakRss = new LinkedHashMap<>();
        peakRss.put("member-service", system.memberService().peakRssBytes());
        peakRss.put("reservation-service", system.reservationService().peakRssBytes());
        return new Results(Instant.now(), Machine.describe() + ", SNS/SQS " + localBroker.description(), loadAtStart,
                stamps, propagation.stamps().missing(), headline, phases, replay, backfill, ceiling, baselines,
                synchronous, brokerFloor, peakRss, pauses.fullCollectionsByCause(), !pauses.isEmpty());
    }

    private List<UUID> seed(int count) {
        List<UUID> members = register(count);
        propagation.awaitReplicated(members, Duration.ofSeconds(30 + count / 50));
        OpenLoop.asFastAsPossible(count * RESERVATIONS_PER_MEMBER, 16,
                i -> rest.reserve(members.get(i / RESERVATIONS_PER_MEMBER), i));
        return new ArrayList<>(members);
    }

    private List<UUID> register(int count) {
        List<UUID> members = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, (UUID) null)));
        OpenLoop.asFastAsPossible(count, 16, i -> members.set(i, rest.registerMember(i)));
        return new ArrayList<>(members);
    }

    /** Deletions through the pipeline, applied, measured by nothing. */
    private void warmUp(List<UUID> members) {
        List<UUID> slice = take(members, settings.warmUp());
        log("warm-up: %d deletions at %d/s, not measured", slice.size(), WARM_UP_RATE);
        Offered offered = offer(WARM_UP_RATE, slice, this::deleteMember);
        awaitApplied(offered.done());
    }

    private void measurePhase(String name, Results.Kind kind, int rate, List<UUID> members) {
        log("%s: %d deletions", name, members.size());
        Instant start = Instant.now();
        Offered offered = offer(rate, members, this::deleteMember);
        List<Stamps.Event> events = awaitApplied(offered.done());
        phaseRuns.add(new PhaseRun(name, kind, rate, events, offered.undone(), start, Instant.now()));
    }

    private List<Results.Synchronous> synchronousAlternative(List<UUID> members) {
        log("synchronous alternative: DELETE the member, then find and DELETE its reservations over REST "
                + "(the relay is off, so only the REST calls run)");
        List<UUID> deleted = new ArrayList<>();
        List<UUID> warmUp = take(members, settings.warmUp());
        deleted.addAll(offer(WARM_UP_RATE, warmUp, this::deleteSynchronously).done());
        List<Results.Synchronous> results = new ArrayList<>();
        for (int rate : settings.offeredRates()) {
            List<UUID> slice = take(members, settings.deletionsAt(rate, settings.synchronousPerRate()));
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
            results.add(new Results.Synchronous(rate, Latency.ofMicros(micros), offered.undone(), Double.NaN));
        }
        Burst burst = burst(take(members, settings.burst()), this::deleteSynchronously);
        deleted.addAll(burst.offered().done());
        results.add(new Results.Synchronous(0, Latency.ofMicros(List.of()), burst.offered().undone(),
                burst.donePerSecond()));
        if (propagation.reservationsLeft(deleted) != 0) {
            throw new IllegalStateException("the synchronous alternative left reservations behind");
        }
        return results;
    }

    /**
     * I₀: a burst as the ceiling's, taken in by member-service while nothing publishes.
     */
    private Results.Baselines intakeWithRelayOff() {
        List<UUID> members = register(settings.burst());
        log("I₀: member-service takes in a burst of %d deletions, its relay off", members.size());
        Burst burst = burst(members, this::deleteMember);
        return new Results.Baselines(burst.offered().done().size(), burst.donePerSecond(), burst.offered().undone(), 0,
                Double.NaN, 0, Double.NaN);
    }

    /** Registrations until the outbox holds {@link Settings#prefilledEvents()}. */
    private void fillOutbox() {
        long missing = settings.prefilledEvents() - rest.outbox().pending();
        if (missing > 0) {
            log("filling the outbox with %d registrations", missing);
            register((int) missing);
        }
    }

    private double relayAlone(List<UUID> events) {
        awaitOutboxEmpty(Duration.ofSeconds(120 + events.size() / 100));
        List<Instant> published = propagation.stamps()
            .producerStamps(events)
            .values()
            .stream()
            .map(stamps -> stamps.get(Stamps.Stamp.SNS_ACCEPTED))
            .filter(Objects::nonNull)
            .toList();
        if (published.size() != events.size()) {
            throw new IllegalStateException(published.size() + " of " + events.size() + " events were published");
        }
        return perSecond(published);
    }

    private double consumerAlone(List<UUID> events) {
        awaitQuiet(Duration.ofSeconds(120 + events.size() / 50));
        List<Stamps.Event> applied = propagation.awaitEvents(events, Duration.ofSeconds(120 + events.size() / 50));
        return perSecond(applied.stream().map(Stamps.Event::applied).toList());
    }

    /**
     * Live deletions while a replay of {@link Settings#replayedEvents()} events is
     * published: the replay is queued first, so none of the live deletions is part of it.
     */
    private Results.Replay duringReplay(List<UUID> members) {
        long from = Math.max(1, rest.outbox().lastSequence() - settings.replayedEvents() + 1);
        Instant asked = Instant.now();
        long replayed = rest.replay(from, SUBSCRIBER);
        log("replay of %d events for %s", replayed, SUBSCRIBER);
        ReplayWatch watch = new ReplayWatch();
        Thread watcher = Thread.ofVirtual().start(watch);
        measurePhase(Settings.REPLAY_RATE + "/s during a replay", Results.Kind.DURING_REPLAY, Settings.REPLAY_RATE,
                members);
        try {
            watcher.join(Duration.ofSeconds(120 + replayed / 50));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        watch.stop();
        if (watch.drained == null) {
            throw new IllegalStateException("the replay of " + replayed + " events did not drain");
        }
        return new Results.Replay(replayed, Duration.between(asked, watch.published),
                Duration.between(asked, watch.drained));
    }

    /**
     * Live deletions while member-service backfills every member it holds; the phase is
     * compared with the one at the same rate without a replay.
     */
    private Results.Backfill duringBackfill(List<UUID> members) {
        Instant asked = Instant.now();
        Rest.Backfill started = rest.startBackfill();
        log("backfill of every member (%s)", started.state());
        measurePhase(Settings.REPLAY_RATE + "/s during a backfill", Results.Kind.DURING_BACKFILL, Settings.REPLAY_RATE,
                members);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        Rest.Backfill backfill = rest.backfill();
        while (backfill.running() && Instant.now().isBefore(deadline)) {
            Propagation.sleep(Duration.ofMillis(200));
            backfill = rest.backfill();
        }
        if (!backfill.state().equals("DONE")) {
            throw new IllegalStateException("the backfill ended " + backfill);
        }
        while (rest.outbox().pending() > 0 || queued() > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the backfill's snapshots did not drain");
            }
            Propagation.sleep(Duration.ofMillis(200));
        }
        log("backfill: %d members scanned, %d snapshots, in %s", backfill.scanned(), backfill.emitted(),
                Duration.between(backfill.startedAt(), backfill.finishedAt()));
        return new Results.Backfill(backfill.scanned(), backfill.emitted(),
                Duration.between(backfill.startedAt(), backfill.finishedAt()), Duration.between(asked, Instant.now()));
    }

    /** When a replay's events were all published again, and when the queue was empty. */
    private final class ReplayWatch implements Runnable {

        private volatile boolean stopped;

        volatile Instant published;

        volatile Instant drained;

        @Override
        public void run() {
            while (!stopped && drained == null) {
                if (published == null && rest.outbox().pending() == 0) {
                    published = Instant.now();
                }
                if (published != null && queued() == 0) {
                    drained = Instant.now();
                }
                Propagation.sleep(Duration.ofMillis(100));
            }
        }

        void stop() {
            stopped = true;
        }

    }

    /** Messages in reservation-service's queue, received or not. */
    private long queued() {
        Map<QueueAttributeName, String> attributes = sqs
            .getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    private Results.Ceiling ceiling(List<UUID> burst) {
        log("ceiling: a burst of %d deletions", burst.size());
        CpuTime.Sample before = cpu.sample();
        Burst intake = burst(burst, this::deleteMember);
        List<UUID> accepted = intake.offered().done();
        List<Stamps.Event> events = awaitApplied(accepted);
        Map<String, Duration> cpuPerDeletion = new LinkedHashMap<>();
        cpu.sample()
            .since(before)
            .forEach((process, spent) -> cpuPerDeletion.put(process, spent.dividedBy(accepted.size())));
        Instant first = events.stream().map(Stamps.Event::committed).min(Instant::compareTo).orElseThrow();
        Instant last = events.stream().map(Stamps.Event::applied).max(Instant::compareTo).orElseThrow();
        return new Results.Ceiling(accepted.size(), intake.offered().undone(), intake.donePerSecond(),
                accepted.size() / seconds(Duration.between(first, last)), cpuPerDeletion,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Offers the deletions all at once, {@value #BURST_CONCURRENCY} in flight; what
     * member-service refuses is counted, not retried, as a client of a saturated service
     * would see it.
     */
    private static Burst burst(List<UUID> members, Function<UUID, Outcome> delete) {
        Map<UUID, Outcome> outcomes = new ConcurrentHashMap<>();
        Duration took = OpenLoop.asFastAsPossible(members.size(), BURST_CONCURRENCY, i -> {
            Outcome outcome;
            try {
                outcome = delete.apply(members.get(i));
            }
            catch (RuntimeException ex) {
                outcome = Outcome.FAILED;
            }
            outcomes.put(members.get(i), outcome);
        });
        return new Burst(new Offered(outcomes), took);
    }

    private record Burst(Offered offered, Duration took) {

        double donePerSecond() {
            return offered.done().size() / seconds(took);
        }

    }

    private void restart(ServiceProcess service) {
        service.restart();
        recordPids();
    }

    private void recordPids() {
        Stream.of(system.memberService(), system.reservationService())
            .filter(ServiceProcess::isAlive)
            .forEach(service -> servicePids.put(service.pid(), service.name()));
    }

    private void awaitOutboxEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rest.outbox().pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outbox was not empty after " + timeout);
            }
            Propagation.sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Waits until nothing is pending in the outbox and the queue is empty, asking only
     * the outbox's counter and the queue's attributes, so that the wait costs the
     * measured processes next to nothing.
     */
    private void awaitQuiet(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rest.outbox().pending() > 0 || queued() > 0) {
            if (System.nanoTime() > deadline) {
                return; // the stamps tell what is missing
            }
            Propagation.sleep(Duration.ofMillis(100));
        }
    }

    private List<Stamps.Event> awaitApplied(List<UUID> members) {
        awaitQuiet(Duration.ofSeconds(60 + members.size() / 20));
        List<Stamps.Event> events = propagation.awaitDeletions(members, Duration.ofSeconds(60 + members.size() / 20));
        long left = propagation.reservationsLeft(members);
        if (left != 0) {
            throw new IllegalStateException(left + " reservations of deleted members are left");
        }
        return events;
    }

    private int deletionsAt(int rate) {
        return settings.deletionsAt(rate, settings.perRate());
    }

    private Outcome deleteMember(UUID member) {
        return rest.deleteMember(member) ? Outcome.DONE : Outcome.REFUSED;
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

    /** One measured phase as it ran; measured per stage once the GC logs are read. */
    private record PhaseRun(String name, Results.Kind kind, int rate, List<Stamps.Event> events, Results.Undone undone,
            Instant start, Instant end) {

        Results.Phase measured(Stamps.Stage headline, Pauses pauses) {
            Map<Stamps.Stage, Latency> stages = new EnumMap<>(Stamps.Stage.class);
            for (Stamps.Stage stage : Stamps.Stage.values()) {
                stages.put(stage,
                        Latency.ofMicros(events.stream().map(stage::micros).filter(Objects::nonNull).toList()));
            }
            double p99 = stages.get(headline).p99();
            List<Results.Outlier> outliers = events.stream()
                .filter(event -> headline.micros(event) != null && headline.micros(event) / 1000.0 >= p99)
                .sorted(Comparator.comparing(headline::micros).reversed())
                .limit(OUTLIERS_SHOWN)
                .map(event -> new Results.Outlier(headline.micros(event) / 1000.0,
                        pauses.during(event.at(headline.from), event.at(headline.to))
                            .stream()
                            .filter(pause -> pause.length().toNanos() >= 100_000)
                            .toList()))
                .toList();
            List<Pauses.Pause> during = pauses.during(start, end);
            List<Pauses.Collection> collections = pauses.collectionsBetween(start, end);
            Pauses.Pause longest = during.isEmpty() ? null : during.getFirst();
            var summary = new Results.PauseSummary(
                    (int) during.stream().filter(pause -> pause.length().toMillis() >= 1).count(),
                    during.stream().mapToLong(pause -> pause.length().toNanos()).sum() / 1e6,
                    longest == null ? 0 : longest.length().toNanos() / 1e6,
                    longest == null ? "" : longest.service() + " " + longest.operation(),
                    (int) collections.stream().filter(c -> !c.full()).count(),
                    (int) collections.stream().filter(Pauses.Collection::full).count());
            return new Results.Phase(name, kind, rate, stages, undone, outliers, summary);
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

    /** Events per second over the span from the first instant to the last. */
    private static double perSecond(List<Instant> instants) {
        Instant first = instants.stream().min(Instant::compareTo).orElseThrow();
        Instant last = instants.stream().max(Instant::compareTo).orElseThrow();
        return instants.size() / seconds(Duration.between(first, last));
    }

    private static Propagation.Database database(com.example.events.localsystem.Database database) {
        return new Propagation.Database(database.jdbcUrl(), database.username(), database.password());
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

package com.example.events.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both services as the processes they are in production, with the faults production has:
 * consumers and the producer SIGKILLed mid-stream, the producer cut from SNS, the broker
 * restarted (every topic, queue and subscription gone), each service's database
 * unreachable while work arrives, duplicates and poison messages on the queue, two
 * consumer instances competing, reservations racing deletions. Members are deleted at a
 * steady pace throughout; afterwards every member must be exactly what its events say,
 * and every difference is reported at once in a table (also written to
 * {@code target/chaos-report.md}).
 */
// a guard against a hang only; every wait below has its own, much shorter, bound
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ChaosIT {

    private static final int MEMBERS = 250;

    private static final int RESERVATIONS_EACH = 5;

    /** Deleted by the steady stream, through every phase but the member database's. */
    private static final int DELETIONS = 140;

    /** Asked to be deleted while member-service's database is unreachable. */
    private static final int DELETED_WHILE_MEMBER_DATABASE_AWAY = 40;

    private static final int DELETED_AROUND_BROKER_RESTART = 15;

    private static final int DELETED_WHILE_RESERVATION_DATABASE_AWAY = 20;

    private static final Duration RESERVATION_DATABASE_OUTAGE = Duration.ofMinutes(2);

    private static final Duration MEMBER_DATABASE_OUTAGE = Duration.ofSeconds(30);

    /** member-service answers every request within this, whatever its database does. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);

    /**
     * The catch-up after a broker restart replays from this long before the restart: the
     * messages lost with the queue were published at most that long before it (the
     * consumer keeps up within seconds here).
     */
    private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(1);

    /**
     * How long after a fault ends the system may take to be whole again: a topology
     * created again, readiness UP, the outbox drained, the fault's deletions applied.
     */
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private static final int VISIBILITY_TIMEOUT_SECONDS = 6;

    private static final Duration DELETION_PACE = Duration.ofMillis(400);

    private static final Duration SNS_OUTAGE = Duration.ofSeconds(10);

    private static final int DELETED_WHILE_CRASHING = 5;

    private static final int DUPLICATED_MEMBERS = 10;

    private static final Duration STARTUP = Duration.ofSeconds(180);

    private static final Duration SETTLE = Duration.ofSeconds(120);

    private static final String TOPIC = "member-events";

    private static final String QUEUE = "reservation-member-events";

    private static final String DEAD_LETTER_QUEUE = "reservation-member-events-dlq";

    private static final String ADMIN_USER = "admin";

    private static final String ADMIN_PASSWORD = "chaos-admin";

    /**
     * Tuning for a run of minutes rather than hours, through the services' ordinary
     * configuration: a message in flight at a kill comes back after 6 s instead of 30
     * (still well above the time one message takes, so no healthy message is received
     * three times and dead-lettered); the relay retries SNS at least every second, and
     * events a killed relay had claimed are claimed again after 8 s instead of 60 (the
     * lease must outlast a round: one wave of four PublishBatch requests of 3 s at most).
     */
    private static final Map<String, String> ENVIRONMENT = Map.of("MESSAGING_VISIBILITYTIMEOUTSECONDS",
            Integer.toString(VISIBILITY_TIMEOUT_SECONDS), "OUTBOX_RELAY_INITIALBACKOFF", "200ms",
            "OUTBOX_RELAY_MAXBACKOFF", "1s", "OUTBOX_RELAY_BATCHSIZE", "40", "OUTBOX_RELAY_PUBLISHTIMEOUT", "3s",
            "OUTBOX_RELAY_LEASE", "8s", "ADMIN_USERNAME", ADMIN_USER, "ADMIN_PASSWORD", ADMIN_PASSWORD);

    /**
     * An ERROR line this run causes on purpose, in one service, for a reason, logged
     * between {@code from} and {@code until}; any other ERROR line fails it.
     */
    private record ExpectedError(String service, Pattern line, String why, Instant from, Instant until) {

        ExpectedError(String service, Pattern line, String why) {
            this(service, line, why, Instant.MIN, Instant.MAX);
        }

        boolean matches(String service, String logLine) {
            if (!this.service.equals(service) || !line.matcher(logLine).find()) {
                return false;
            }
            Instant at = loggedAt(logLine);
            return at != null && !at.isBefore(from) && !at.isAfter(until);
        }

        // a service's console line starts with its ISO-8601 timestamp
        private static Instant loggedAt(String logLine) {
            try {
                return Instant.parse(logLine.substring(0, Math.max(0, logLine.indexOf(' '))));
            }
            catch (java.time.format.DateTimeParseException notATimestamp) {
                return null;
            }
        }

    }

    // Spring Cloud AWS logs this line each time a poll for messages fails
    private static final String POLLING_ERROR = "AbstractPollingMessageSource : Error polling for messages in queue "
            + QUEUE + ".";

    // Spring Cloud AWS logs these lines when it cannot delete messages it received, the
    // first for the delete, the second for the batch of acknowledgements it belonged to
    private static final Pattern ACKNOWLEDGEMENT_ERROR = Pattern
        .compile("SqsAcknowledgementExecutor\\s+: Error acknowledging in queue " + Pattern.quote(QUEUE) + " "
                + "|AcknowledgementProcessor : Acknowledgement processing has thrown an error ");

    // Spring logs this line when a transaction's statement failed and its rollback failed
    // too, as both do on a connection the database cut broke mid-transaction
    private static final Pattern ROLLBACK_ERROR = Pattern
        .compile("TransactionInterceptor\\s+: Application exception overridden by rollback exception$");

    // Spring Cloud AWS logs this line each time the listener throws;
    // ReservationsOfDeletedMembers logs the other line
    // in the transaction applying a deletion
    private static final String LISTENER_ERROR = "AbstractMessageProcessingPipelineSink : Error processing message ";

    private static final Pattern DELETION_APPLIED = Pattern
        .compile("Member ([0-9a-f-]{36}) deleted \\(sequence \\d+\\): removed \\d+ reservation");

    /**
     * Five ways of not being a member event; each must end in the dead-letter queue after
     * three receives.
     */
    private static final List<String> POISON = List.of("this is not JSON", "null", "{\"eventType\": \"MemberDeleted\"}",
            "{\"eventId\": \"not-a-uuid\", \"eventType\": \"MemberDeleted\", \"schemaVersion\": 1}",
            "{\"eventId\": \"" + UUID.randomUUID() + "\", \"eventType\": \"MemberDeleted\", \"schemaVersion\": 1, "
                    + "\"sequence\": 7}");

    private final Report report = new Report();

    private final Slots slots = new Slots();

    private LocalSystem system;

    private ServiceProcess secondConsumer;

    private Http members;

    private Http reservations;

    private Http secondReservations;

    private Sql memberDatabase;

    private Sql reservationDatabase;

    // what the chaos left to verify
    private List<UUID> crashDeletions = List.of();

    private Map<UUID, Long> duplicatedMembersDeletionSequence = Map.of();

    private final List<ExpectedError> expectedErrors = new ArrayList<>();

    @Test
    void everyMemberEndsAsItsEventsSayWhateverHappensToTheProcesses() throws Exception {
        long started = System.nanoTime();
        var builder = LocalSystem.builder()
            // the tests' broker (LocalStack where installed), one of this test's own, as
            // it
            // restarts it
            .broker(TestInfrastructure.restartableBroker())
            .jvmOptions(List.of("-XX:TieredStopAtLevel=1"));
        ENVIRONMENT.forEach(builder::environment);
        try (LocalSystem running = timed("start the broker, 2 PostgreSQL, both services", builder::start)) {
            system = running;
            try {
                deleteThroughTheChaos();
            }
            finally {
                keepLogs();
            }
        }
        finally {
            report.timing("whole run", (System.nanoTime() - started) / 1_000_000);
            report.write(Path.of("target", "chaos-report.md"));
            System.out.println(report.markdown());
        }
        assertThat(report.differences()).as("differences (table above, and target/chaos-report.md)").isEmpty();
    }

    /**
     * Seeds the members, deletes them through every fault, waits until everything settled
     * and checks it.
     */
    private void deleteThroughTheChaos() throws Exception {
        // started while the members are seeded, the machine's two cores permitting
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<ServiceProcess> starting = background
            .submit(() -> timed("start a second reservation-service instance (alongside seeding)",
                    () -> system.startReservationServiceInstance("reservation-2")));
        background.shutdown();
        members = http(system.memberService());
        reservations = http(system.reservationService());
        memberDatabase = new Sql(system.memberDatabase().jdbcUrl(), system.memberDatabase().username(),
                system.memberDatabase().password());
        reservationDatabase = new Sql(system.reservationDatabase().jdbcUrl(), system.reservationDatabase().username(),
                system.reservationDatabase().password());

        List<UUID> seeded = timed("seed " + MEMBERS + " members x " + RESERVATIONS_EACH + " reservations", this::seed);
        secondConsumer = starting.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        secondReservations = http(secondConsumer);
        List<UUID> toDelete = seeded.subList(0, DELETIONS);
        List<UUID> deletedWhileDatabaseAway = seeded.subList(DELETIONS, DELETIONS + DELETED_WHILE_MEMBER_DATABASE_AWAY);
        List<UUID> kept = seeded.subList(DELETIONS + DELETED_WHILE_MEMBER_DATABASE_AWAY, MEMBERS);
        SteadyDeletions deletions = timed(
                "delete " + (DELETIONS + DELETED_WHILE_MEMBER_DATABASE_AWAY) + " members through the chaos",
                () -> chaos(toDelete, deletedWhileDatabaseAway));
        timedStep("converge", this::awaitConvergence);
        timedStep("verify", () -> verify(deletions, deletedWhileDatabaseAway, kept));
    }

    /**
     * The services' and the databases' logs, copied to {@code target/chaos-logs} (the
     * system's own data directory is deleted with it): an unexpected ERROR line in the
     * table is one line of a stack trace that is there in full.
     */
    private void keepLogs() {
        if (system == null) {
            return;
        }
        Path kept = Path.of("target", "chaos-logs");
        try (Stream<Path> logs = Files.list(system.dataDirectory().resolve("logs"))) {
            Files.createDirectories(kept);
            for (Path log : logs.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException | UncheckedIOException ex) {
            System.out.println("[chaos] could not keep the logs: " + ex);
        }
    }

    private List<UUID> seed() {
        report.section("seed");
        List<UUID> seeded = inParallel(MEMBERS, i -> {
            Http.Answer answer = members.post("/members", Map.of("name", "Chaos Member " + i, "email",
                    "chaos-" + i + "-" + UUID.randomUUID() + "@example.com"));
            if (answer.status() != 201) {
                throw new IllegalStateException("POST /members answered " + answer.status() + " " + answer.body());
            }
            return UUID.fromString(answer.body().get("id").asString());
        });
        awaitBounded("replica knows every member", Duration.ofSeconds(60), () -> reservationDatabase
            .count("select count(*) from member_replica where status = 'ACTIVE'") == MEMBERS);
        List<Integer> created = inParallel(MEMBERS * RESERVATIONS_EACH,
                i -> reservations.post("/reservations", slots.reservationFor(seeded.get(i / RESERVATIONS_EACH)))
                    .status());
        report.injected("members registered", MEMBERS);
        report.check("reservations created (201)", (long) MEMBERS * RESERVATIONS_EACH,
                created.stream().filter(status -> status == 201).count());
        return seeded;
    }

    // Each fault is tied to a point in the stream of deletions, so the run tells the same
    // story on any machine.
    private SteadyDeletions chaos(List<UUID> toDelete, List<UUID> deletedWhileDatabaseAway) throws Exception {
        SteadyDeletions deletions = new SteadyDeletions(members, toDelete, DELETION_PACE);
        RacingReservations racing = new RacingReservations(List.of(reservations, secondReservations), deletions, slots);
        ExecutorService restarts = Executors.newSingleThreadExecutor();
        Duration step = Duration.ofSeconds(120);
        racing.start();
        try {
            deletions.allowUpTo(20);
            deletions.awaitCount(10, step);
            Future<?> firstRestart = killReservationService(1, restarts);
            deletions.awaitCount(20, step);
            deletions.allowUpTo(55);
            cutMemberServiceFromSns(deletions);
            firstRestart.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            deletions.allowUpTo(70);
            deletions.awaitCount(60, step);
            Future<?> secondRestart = killReservationService(2, restarts);
            deletions.awaitCount(70, step);
            crashMemberServiceWithEventsPending(deletions);
            deletions.allowUpTo(90);
            secondRestart.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            deletions.awaitCount(90, step);
            cutReservationServiceFromItsDatabase(deletions, racing);
            cutMemberServiceFromItsDatabase(deletedWhileDatabaseAway);
            restartBrokerMidStream(deletions, step);
            deletions.allowUpTo(DELETIONS);
            deletions.awaitCount(DELETIONS - 10, step);
            injectDuplicatesAndPoison(deletions);
            deletions.awaitDone(step);
        }
        finally {
            deletions.stop();
            racing.stop();
            restarts.shutdownNow();
        }
        report.section("e. reservations racing deletions");
        report.injected("POST /reservations for the members around the one being deleted (members)", racing.members());
        report.injected("answered 201", racing.count(201));
        report.injected("answered 422", racing.count(422));
        report.injected("no answer (instance being killed)", racing.count(RacingReservations.NO_ANSWER));
        report.check("any other answer (status: how often)", Map.of(), racing.otherAnswers());
        report.check("members given a 201 after a 422", List.of(), racing.createdAfterRefused());
        return deletions;
    }

    /**
     * a. SIGKILL while events flow; what the killed instance held in flight comes back
     * after the visibility timeout.
     */
    private Future<?> killReservationService(int kill, ExecutorService restarts) {
        report.section("a. reservation-service SIGKILL #" + kill);
        ServiceProcess instance = system.reservationService();
        long inFlight = 0;
        try (SqsClient sqs = system.broker().sqsClient()) {
            String queue = sqs.getQueueUrl(request -> request.queueName(QUEUE)).queueUrl();
            Instant until = Instant.now().plusSeconds(5);
            // kill at a moment some message is received and not yet deleted, when there
            // is one within 5 s
            while (inFlight == 0 && Instant.now().isBefore(until)) {
                inFlight = queueAttribute(sqs, queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
                SteadyDeletions.sleepUntil(Instant.now().plusMillis(20));
            }
            instance.kill();
        }
        report.injected("SIGKILL, messages in flight on the queue at that moment", inFlight);
        report.check("process gone after SIGKILL", false, instance.isAlive());
        return restarts.submit(() -> timedStep("reservation-service restart after SIGKILL #" + kill, instance::start));
    }

    /**
     * c. member-service loses its path to SNS; its API keeps answering, the events wait
     * in its outbox.
     */
    private void cutMemberServiceFromSns(SteadyDeletions deletions) {
        report.section("c. member-service cut from SNS");
        ServiceProcess memberService = system.memberService();
        long pendingBefore = pendingEvents();
        int deletedBefore = deletions.count();
        int unexpectedBefore = deletions.unexpectedAnswers().size();
        memberService.cutBroker();
        Instant until = Instant.now().plus(SNS_OUTAGE);
        long mostPending = pendingBefore;
        while (Instant.now().isBefore(until)) {
            mostPending = Math.max(mostPending, pendingEvents());
            SteadyDeletions.sleepUntil(Instant.now().plusMillis(250));
        }
        long lastSequence = memberDatabase.count("select coalesce(max(sequence), 0) from event_log");
        int deletedDuring = deletions.count() - deletedBefore;
        memberService.restoreBroker();
        long restored = System.nanoTime();
        boolean drained = awaitBounded("the outage's events published", Duration.ofSeconds(60), () -> memberDatabase
            .count("select count(*) from event_log where published_at is null and sequence <= ?", lastSequence) == 0);
        report.injected("SNS path cut for", SNS_OUTAGE.toSeconds() + " s");
        report.check("deletions during the cut (all 204)", "> 0 and none other than 204", deletedDuring,
                deletedDuring > 0 && deletions.unexpectedAnswers().size() == unexpectedBefore);
        report.check("outbox pending during the cut (most)", "> " + pendingBefore, mostPending,
                mostPending > pendingBefore);
        report.check("outbox events of the outage published after restore", true, drained);
        report.injected("drained after restore within (s)", seconds(System.nanoTime() - restored));
    }

    /**
     * b. member-service dies after committing deletions and before publishing them; they
     * go out after its restart.
     */
    private void crashMemberServiceWithEventsPending(SteadyDeletions deletions) {
        report.section("b. member-service SIGKILL with events pending");
        ServiceProcess memberService = system.memberService();
        // the stream of deletions stands at its allowance meanwhile; without a path to
        // SNS the relay cannot
        // publish, so the kill surely falls between commit and publish
        memberService.cutBroker();
        int unexpectedBefore = deletions.unexpectedAnswers().size();
        crashDeletions = IntStream.range(0, DELETED_WHILE_CRASHING).mapToObj(i -> deletions.deleteNext()).toList();
        long pending = memberDatabase.count("select count(*) from event_log where event_type = 'MemberDeleted' "
                + "and published_at is null and member_id = any(?::uuid[])", (Object) ids(crashDeletions));
        memberService.kill();
        long pendingAfterKill = memberDatabase.count(
                "select count(*) from event_log where published_at is null " + "and member_id = any(?::uuid[])",
                (Object) ids(crashDeletions));
        memberService.restoreBroker();
        report.check("DELETE answered 204", DELETED_WHILE_CRASHING,
                DELETED_WHILE_CRASHING - (deletions.unexpectedAnswers().size() - unexpectedBefore));
        report.check("their MemberDeleted events pending at the SIGKILL", (long) DELETED_WHILE_CRASHING, pending);
        report.check("process gone after SIGKILL", false, memberService.isAlive());
        report.check("their events still pending while it is down", (long) DELETED_WHILE_CRASHING, pendingAfterKill);
        timedStep("member-service restart after SIGKILL", () -> memberService.start());
        long restarted = System.nanoTime();
        boolean published = awaitBounded("the crash's events published", Duration.ofSeconds(60),
                () -> memberDatabase.count(
                        "select count(*) from event_log where published_at is null " + "and member_id = any(?::uuid[])",
                        (Object) ids(crashDeletions)) == 0);
        report.check("their events published after the restart", true, published);
        report.injected("published within (s after healthy)", seconds(System.nanoTime() - restarted));
    }

    /**
     * i. The broker restarted while deletions flow: every topic, queue, subscription and
     * message is gone. The services notice by themselves and create what they own again;
     * the messages lost with the queue come back with the catch-up replay for
     * {@code reservation} from a margin before the restart.
     */
    private void restartBrokerMidStream(SteadyDeletions deletions, Duration step) {
        report.section("i. broker restarted mid-stream");
        Map<String, Long> pids = pids();
        int unexpectedBefore = deletions.unexpectedAnswers().size();
        int before = deletions.count();
        deletions.allowUpTo(before + DELETED_AROUND_BROKER_RESTART);
        deletions.awaitCount(before + 5, step);
        Instant restartedAt = Instant.now();
        timedStep("restart the broker", system::restartBroker);
        Instant recoveredBy = Instant.now().plus(RECOVERY);
        for (ServiceProcess consumer : List.of(system.reservationService(), secondConsumer)) {
            expectedErrors.add(new ExpectedError(consumer.name(), Pattern.compile(Pattern.quote(POLLING_ERROR)),
                    "the listener polling a queue that is gone, until the broker is back and the queue created again",
                    restartedAt, recoveredBy));
            // applied already, and replayed by the catch-up, which the inbox recognises
            expectedErrors.add(new ExpectedError(consumer.name(), ACKNOWLEDGEMENT_ERROR,
                    "deleting a message received from the queue that is gone", restartedAt, recoveredBy));
        }
        deletions.awaitCount(before + DELETED_AROUND_BROKER_RESTART, step);
        report.injected("broker restarted after deletion", before + 5);
        report.check("deletions around the restart (all 204)", "> 0 and none other than 204",
                deletions.count() - before, deletions.unexpectedAnswers().size() == unexpectedBefore);
        report.check("topic " + TOPIC + " created again by member-service", true,
                awaitBounded("topic created again", recoveredBy, () -> topicArn() != null));
        report.check("queue, DLQ (redrive) and subscription created again by reservation-service", true,
                awaitBounded("queue, DLQ and subscription created again", recoveredBy, this::consumerTopologyExists));
        try (HealthWatch health = new HealthWatch(httpByName(services()))) {
            report.check("every service ready again", true, health.awaitAllReady(recoveredBy));
        }
        report.check("outbox drained", true,
                awaitBounded("events of the outage published", recoveredBy, () -> pendingEvents() == 0));
        report.injected("recovered (or gave up) after the restart within (s)",
                seconds(Duration.between(restartedAt, Instant.now()).toNanos()));

        Instant from = restartedAt.minus(CATCH_UP_MARGIN);
        long storedSince = memberDatabase.count("select count(*) from event_log where occurred_at >= ?",
                from.atOffset(ZoneOffset.UTC));
        Http.Answer replay = members.adminPost("/admin/events/replay",
                Map.of("fromOccurredAt", from.toString(), "subscriber", "reservation"));
        report.injected("catch-up: POST /admin/events/replay, subscriber reservation, fromOccurredAt",
                "restart - " + CATCH_UP_MARGIN.toSeconds() + " s");
        report.check("catch-up answered", 202, replay.status());
        report.check("catch-up replayed every event stored since", storedSince,
                replay.body() == null ? "no body" : replay.body().path("replayed").asLong());
        List<UUID> deletedSoFar = deletions.deleted();
        report.check("every deletion so far DELETED in the replica", true, awaitBounded("every deletion so far applied",
                Instant.now().plus(RECOVERY), () -> deletedInReplica(deletedSoFar) == deletedSoFar.size()));
        report.check("services not restarted (same processes)", pids, pids());
    }

    /**
     * g. reservation-service's database unreachable (the server runs, every packet to it
     * is reset) for longer than several visibility timeouts while deletions flow: the
     * messages wait, none reaches the dead-letter queue, and every deletion is applied
     * once the database is back.
     */
    private void cutReservationServiceFromItsDatabase(SteadyDeletions deletions, RacingReservations racing) {
        report.section("g. reservation-service's database unreachable");
        Map<String, Long> pids = pids();
        List<ServiceProcess> consumers = List.of(system.reservationService(), secondConsumer);
        int unexpectedBefore = deletions.unexpectedAnswers().size();
        int before = deletions.count();
        long deadLetteredBefore = queueDepth(DEAD_LETTER_QUEUE);
        long mostWaiting = 0;
        long mostDeadLettered = deadLetteredBefore;
        boolean readyAgain;
        Instant recoveredBy;
        Map<String, Boolean> down = new LinkedHashMap<>();
        Map<String, Integer> livenessNotUp = new LinkedHashMap<>();
        racing.pause();
        try (HealthWatch health = new HealthWatch(httpByName(consumers))) {
            Instant cutAt = Instant.now();
            system.cutDatabase(LocalSystem.Side.RESERVATION);
            Instant start = Instant.now();
            Duration release = RESERVATION_DATABASE_OUTAGE.dividedBy(DELETED_WHILE_RESERVATION_DATABASE_AWAY);
            for (int i = 1; i <= DELETED_WHILE_RESERVATION_DATABASE_AWAY; i++) {
                deletions.allowUpTo(before + i);
                Instant next = start.plus(release.multipliedBy(i));
                while (Instant.now().isBefore(next)) {
                    mostWaiting = Math.max(mostWaiting, queueDepth(QUEUE));
                    mostDeadLettered = Math.max(mostDeadLettered, queueDepth(DEAD_LETTER_QUEUE));
                    SteadyDeletions.sleepUntil(Instant.now().plusMillis(500));
                }
            }
            system.restoreDatabase(LocalSystem.Side.RESERVATION);
            recoveredBy = Instant.now().plus(RECOVERY);
            for (ServiceProcess consumer : consumers) {
                expectRollbackErrors(consumer, cutAt, recoveredBy);
            }
            readyAgain = health.awaitAllReady(recoveredBy);
            consumers.forEach(consumer -> {
                down.put(consumer.name(), health.sawReadinessDown(consumer.name()));
                livenessNotUp.put(consumer.name(), health.livenessNotUp(consumer.name()));
            });
        }
        finally {
            racing.resume();
        }
        List<UUID> deletedDuring = deletions.deleted().subList(before, deletions.count());
        boolean applied = awaitBounded("the outage's deletions applied", recoveredBy,
                () -> deletedInReplica(deletedDuring) == deletedDuring.size());
        report.injected("database path of every reservation-service instance cut for",
                RESERVATION_DATABASE_OUTAGE.toSeconds() + " s ("
                        + RESERVATION_DATABASE_OUTAGE.toSeconds() / VISIBILITY_TIMEOUT_SECONDS
                        + " visibility timeouts)");
        report.check("deletions during the outage (all 204)", "> 0 and none other than 204", deletedDuring.size(),
                !deletedDuring.isEmpty() && deletions.unexpectedAnswers().size() == unexpectedBefore);
        report.check("messages waiting on the queue during the outage (most)", "> 0", mostWaiting, mostWaiting > 0);
        report.check("dead-letter queue before the outage", 0L, deadLetteredBefore);
        report.check("dead-letter queue during the outage (most)", 0L, mostDeadLettered);
        report.check("readiness DOWN during the outage", consumers.stream().map(ServiceProcess::name).toList(),
                down.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList());
        report.check("liveness probes not UP (each instance)", zeroEach(consumers), livenessNotUp);
        report.check("readiness UP again after the restore", true, readyAgain);
        report.check("the outage's deletions DELETED in the replica after the restore", true, applied);
        report.check("dead-letter queue after the outage", 0L, queueDepth(DEAD_LETTER_QUEUE));
        report.check("services not restarted (same processes)", pids, pids());
    }

    /**
     * h. member-service's database unreachable while deletions arrive: each answered 204
     * or 503 (problem+json, Retry-After) within 2 s, a refused one changed nothing,
     * readiness DOWN meanwhile, and a retry after the restore succeeds.
     */
    private void cutMemberServiceFromItsDatabase(List<UUID> toDelete) {
        report.section("h. member-service's database unreachable");
        Map<String, Long> pids = pids();
        ServiceProcess memberService = system.memberService();
        long storedBefore = memberDatabase.count("select count(*) from event_log");
        Duration pace = MEMBER_DATABASE_OUTAGE.dividedBy(toDelete.size());
        List<PacedDeletions.Sent> sent;
        long storedDuring;
        boolean readyAgain;
        boolean readinessDown;
        int livenessNotUp;
        Instant recoveredBy;
        try (HealthWatch health = new HealthWatch(httpByName(List.of(memberService)))) {
            Instant cutAt = Instant.now();
            system.cutDatabase(LocalSystem.Side.MEMBER);
            sent = PacedDeletions.send(members, toDelete, pace, MEMBER_DATABASE_OUTAGE);
            storedDuring = memberDatabase.count("select count(*) from event_log") - storedBefore;
            system.restoreDatabase(LocalSystem.Side.MEMBER);
            recoveredBy = Instant.now().plus(RECOVERY);
            expectRollbackErrors(memberService, cutAt, recoveredBy);
            readyAgain = health.awaitAllReady(recoveredBy);
            readinessDown = health.sawReadinessDown(memberService.name());
            livenessNotUp = health.livenessNotUp(memberService.name());
        }
        List<UUID> refused = membersAnswered(sent, status -> status == 503);
        List<UUID> unanswered = membersAnswered(sent, status -> status != 204 && status != 503);
        long slowest = sent.stream().mapToLong(PacedDeletions.Sent::millis).max().orElse(0);
        long stillThere = refused.stream().filter(member -> members.get("/members/" + member).status() == 200).count();
        long refusedDeletionsStored = memberDatabase.count(
                "select count(*) from event_log where event_type = 'MemberDeleted' and member_id = any(?::uuid[])",
                (Object) ids(refused));
        // as Retry-After asks: a refused request once more, now that the database is
        // back;
        // one whose fate is unknown (no answer) may have been done meanwhile (404)
        List<String> retriesNot204 = refused.stream()
            .map(member -> deleteAgain(member, 204))
            .filter(Objects::nonNull)
            .toList();
        List<String> unknownsNotDeleted = unanswered.stream()
            .map(member -> deleteAgain(member, 204, 404))
            .filter(Objects::nonNull)
            .toList();

        report.injected("database path of member-service cut for", MEMBER_DATABASE_OUTAGE.toSeconds() + " s");
        report.check("DELETE /members/{id} arriving during the cut (one every " + pace.toMillis() + " ms)",
                toDelete.size(), sent.size());
        report.injected("answered 204", sent.stream().filter(answer -> answer.status() == 204).count());
        report.check("answered 503 (refused)", "> 0", refused.size(), !refused.isEmpty());
        report.check("answers other than 204 or 503", List.of(),
                sent.stream()
                    .filter(answer -> unanswered.contains(answer.member()))
                    .map(answer -> answer.status() == PacedDeletions.NO_ANSWER ? "no answer within 10 s"
                            : Integer.toString(answer.status()))
                    .distinct()
                    .toList());
        report.check("slowest answer (ms)", "<= " + ANSWER_BOUND.toMillis(), slowest,
                slowest <= ANSWER_BOUND.toMillis());
        report.check("503 answers as problem+json with Retry-After", (long) refused.size(),
                sent.stream()
                    .filter(answer -> answer.status() == 503 && answer.problemJson() && answer.retryAfter())
                    .count());
        report.check("events stored during the cut", 0L, storedDuring);
        report.check("refused members still there after the restore (GET 200)", (long) refused.size(), stillThere);
        report.check("MemberDeleted events of refused deletions before their retry", 0L, refusedDeletionsStored);
        report.check("readiness DOWN during the cut", true, readinessDown);
        report.check("liveness probes not UP", 0, livenessNotUp);
        report.check("readiness UP again after the restore", true, readyAgain);
        report.check("refused deletions retried: answers other than 204", List.of(), retriesNot204);
        report.check("unanswered deletions retried: answers other than 204 or 404", List.of(), unknownsNotDeleted);
        report.check("outbox drained by the relay after the restore", true,
                awaitBounded("the relay publishes again", recoveredBy, () -> pendingEvents() == 0));
        report.check("the phase's deletions DELETED in the replica", true, awaitBounded("the phase's deletions applied",
                recoveredBy, () -> deletedInReplica(toDelete) == toDelete.size()));
        report.check("services not restarted (same processes)", pids, pids());
    }

    private static List<UUID> membersAnswered(List<PacedDeletions.Sent> sent, IntPredicate status) {
        return sent.stream().filter(answer -> status.test(answer.status())).map(PacedDeletions.Sent::member).toList();
    }

    /** null when the DELETE answers one of {@code expected}, else what it answered. */
    private String deleteAgain(UUID member, Integer... expected) {
        int status = members.delete("/members/" + member).status();
        return List.of(expected).contains(status) ? null : member + " -> " + status;
    }

    /**
     * d. Events the consumer has applied, once more, and messages that are no member
     * event at all.
     */
    private void injectDuplicatesAndPoison(SteadyDeletions deletions) {
        report.section("d. duplicates and poison on the queue");
        List<UUID> applied = deletions.deleted().subList(0, DUPLICATED_MEMBERS);
        awaitBounded("deletions applied before duplicating them", Duration.ofSeconds(60), () -> reservationDatabase
            .count("select count(*) from member_replica where status = 'DELETED' " + "and member_id = any(?::uuid[])",
                    (Object) ids(applied)) == DUPLICATED_MEMBERS);
        List<Map<String, Object>> events = memberDatabase.query("""
                select event_id, event_type, schema_version, sequence, occurred_at, member_id from event_log
                where member_id = any(?::uuid[]) order by sequence""", row -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", row.getString("event_id"));
            event.put("eventType", row.getString("event_type"));
            event.put("schemaVersion", row.getInt("schema_version"));
            event.put("sequence", row.getLong("sequence"));
            event.put("occurredAt", row.getObject("occurred_at", OffsetDateTime.class).toInstant().toString());
            event.put("memberId", row.getString("member_id"));
            return event;
        }, (Object) ids(applied));
        Map<UUID, Long> deletionSequence = new LinkedHashMap<>();
        events.stream()
            .filter(event -> "MemberDeleted".equals(event.get("eventType")))
            .forEach(event -> deletionSequence.put(UUID.fromString((String) event.get("memberId")),
                    (Long) event.get("sequence")));
        duplicatedMembersDeletionSequence = deletionSequence;
        try (SqsClient sqs = system.broker().sqsClient()) {
            String queue;
            try {
                queue = sqs.getQueueUrl(request -> request.queueName(QUEUE)).queueUrl();
            }
            catch (QueueDoesNotExistException gone) {
                report.check("queue " + QUEUE + " there to send to", true, false);
                return;
            }
            for (Map<String, Object> event : events) {
                sqs.sendMessage(request -> request.queueUrl(queue)
                    .messageBody(Http.JSON.writeValueAsString(event))
                    .messageAttributes(Map.of("eventType",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue((String) event.get("eventType"))
                                .build())));
            }
            List<String> poisonIds = new ArrayList<>();
            for (String poison : POISON) {
                poisonIds.add(sqs.sendMessage(request -> request.queueUrl(queue).messageBody(poison)).messageId());
            }
            // exactly these messages, on whichever instance receives them, and nothing
            // else
            Pattern poisonReceived = Pattern
                .compile(Pattern.quote(LISTENER_ERROR) + "(" + String.join("|", poisonIds) + ")\\.$");
            for (String instance : List.of(system.reservationService().name(), secondConsumer.name())) {
                expectedErrors.add(new ExpectedError(instance, poisonReceived,
                        "the listener throwing on a poison message, each receive until the dead-letter queue"));
            }
        }
        report.check("duplicates of applied events sent (MemberRegistered + MemberDeleted of " + DUPLICATED_MEMBERS
                + " deleted members)", 2 * DUPLICATED_MEMBERS, events.size());
        report.injected("poison messages sent", POISON.size());
    }

    private void awaitConvergence() {
        report.section("converge");
        long start = System.nanoTime();
        boolean converged = awaitBounded("replica, queues and outbox settled", SETTLE,
                () -> reservationDatabase
                    .count("select count(*) from member_replica where status = 'DELETED'") == DELETIONS
                            + DELETED_WHILE_MEMBER_DATABASE_AWAY
                        && pendingEvents() == 0 && queueDepth(QUEUE) == 0
                        && queueDepth(DEAD_LETTER_QUEUE) == POISON.size());
        report.check("settled within " + SETTLE.toSeconds() + " s", true, converged);
        report.injected("settled after the last deletion within (s)", seconds(System.nanoTime() - start));
    }

    private void verify(SteadyDeletions deletions, List<UUID> deletedWhileDatabaseAway, List<UUID> kept) {
        report.section("afterwards");
        report.check("members deleted by the steady stream", DELETIONS, deletions.count());
        report.check("DELETE answers other than 204 (steady stream)", List.of(), deletions.unexpectedAnswers());
        List<UUID> deleted = Stream.concat(deletions.deleted().stream(), deletedWhileDatabaseAway.stream()).toList();
        report.check("deleted members DELETED in the replica", (long) deleted.size(),
                deleted.stream().filter(id -> "DELETED".equals(replicaStatus(id))).count());
        report.check("reservations left of deleted members", 0L,
                deleted.stream().mapToLong(this::reservationCount).sum());
        report.check("kept members ACTIVE in the replica", (long) kept.size(),
                kept.stream().filter(id -> "ACTIVE".equals(replicaStatus(id))).count());
        report.check("kept members with all " + RESERVATIONS_EACH + " reservations", (long) kept.size(),
                kept.stream().filter(id -> reservationCount(id) == RESERVATIONS_EACH).count());
        report.check("deleted while member-service crashed: DELETED in the replica", (long) crashDeletions.size(),
                crashDeletions.stream().filter(id -> "DELETED".equals(replicaStatus(id))).count());
        Map<UUID, Long> afterDuplicates = currentSequences(duplicatedMembersDeletionSequence.keySet());
        report.check("duplicated members still DELETED at their deletion's sequence",
                (long) duplicatedMembersDeletionSequence.size(),
                duplicatedMembersDeletionSequence.entrySet()
                    .stream()
                    .filter(entry -> entry.getValue().equals(afterDuplicates.get(entry.getKey())))
                    .count());

        JsonNode outbox = members.adminGet("/admin/outbox").body();
        report.check("outbox pending (GET /admin/outbox)", 0L, outbox.get("pending").asLong());
        Http.Answer dlq = secondReservations.adminGet("/admin/dlq");
        List<String> deadLetters = new ArrayList<>(dlq.status() == 200
                ? dlq.body().get("messages").valueStream().map(message -> message.get("body").asString()).toList()
                : List.of("GET /admin/dlq answered " + dlq.status()));
        Collections.sort(deadLetters);
        List<String> poison = new ArrayList<>(POISON);
        Collections.sort(poison);
        report.check("dead-letter queue holds exactly the poison messages", "the " + poison.size() + " poison bodies",
                deadLetters.equals(poison) ? "the " + poison.size() + " poison bodies" : deadLetters,
                deadLetters.equals(poison));
        report.check("dead-letter queue approximate count", (long) POISON.size(),
                dlq.status() == 200 ? dlq.body().get("approximateCount").asLong() : -1L);
        report.check("main queue depth", 0L, queueDepth(QUEUE));

        report.section("f. two consumers on one queue");
        Map<String, Set<String>> appliedBy = new LinkedHashMap<>();
        for (ServiceProcess instance : List.of(system.reservationService(), secondConsumer)) {
            appliedBy.put(instance.name(),
                    logLines(instance).stream()
                        .map(DELETION_APPLIED::matcher)
                        .filter(Matcher::find)
                        .map(matcher -> matcher.group(1))
                        .collect(Collectors.toSet()));
            report.check("deletions applied by " + instance.name() + " (its log, over all its starts)", "> 0",
                    appliedBy.get(instance.name()).size(), !appliedBy.get(instance.name()).isEmpty());
        }
        Set<String> appliedByEither = appliedBy.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        report.check("members whose deletion either instance applied", (long) deleted.size(),
                (long) appliedByEither.size());
        report.check("events in reservation-service's inbox (each applied once) = events member-service stored",
                memberDatabase.count("select count(*) from event_log"),
                reservationDatabase.count("select count(*) from processed_event"));

        report.section("logs");
        expectedErrors
            .forEach(expected -> report.injected("ERROR expected in " + expected.service() + ": " + expected.why(),
                    "`" + expected.line().pattern().replace("|", "\\|") + "`" + (expected.until().equals(Instant.MAX)
                            ? "" : " from " + expected.from() + " to " + expected.until())));
        for (ServiceProcess process : List.of(system.memberService(), system.reservationService(), secondConsumer)) {
            List<String> unexpected = process.errorLines()
                .stream()
                .filter(line -> expectedErrors.stream().noneMatch(expected -> expected.matches(process.name(), line)))
                .toList();
            report.check("unexpected ERROR lines in " + process.name(), 0, unexpected.size());
            unexpected.stream().limit(5).forEach(line -> report.injected("  ERROR", line.replace("|", "\\|")));
        }
        long poisonReceives = Stream.of(system.reservationService(), secondConsumer)
            .flatMap(instance -> instance.errorLines().stream())
            .filter(line -> line.contains(LISTENER_ERROR))
            .count();
        report.injected("expected ERROR lines: poison receives logged by the listener (3 per message)", poisonReceives);
    }

    // The work of such a transaction is kept and done again once the database is back;
    // the phase's own checks say whether it was.
    private void expectRollbackErrors(ServiceProcess service, Instant cutAt, Instant until) {
        expectedErrors.add(new ExpectedError(service.name(), ROLLBACK_ERROR,
                "a transaction under way when its database path was cut, its rollback failing as well", cutAt, until));
    }

    private Map<UUID, Long> currentSequences(Set<UUID> ids) {
        Map<UUID, Long> sequences = new LinkedHashMap<>();
        for (UUID id : ids) {
            JsonNode replica = reservations.get("/member-replica/" + id).body();
            sequences.put(id,
                    "DELETED".equals(replica.get("status").asString()) ? replica.get("lastSequence").asLong() : -1L);
        }
        return sequences;
    }

    private String replicaStatus(UUID member) {
        Http.Answer answer = reservations.get("/member-replica/" + member);
        return answer.status() == 200 ? answer.body().get("status").asString() : "HTTP " + answer.status();
    }

    private long reservationCount(UUID member) {
        return reservations.get("/reservations?size=100&memberId=" + member).body().get("content").size();
    }

    private static List<String> logLines(ServiceProcess process) {
        try {
            return Files.readAllLines(process.logFile());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private long deletedInReplica(List<UUID> members) {
        return reservationDatabase.count(
                "select count(*) from member_replica where status = 'DELETED' and member_id = any(?::uuid[])",
                (Object) ids(members));
    }

    private List<ServiceProcess> services() {
        return List.of(system.memberService(), system.reservationService(), secondConsumer);
    }

    /** Each service's current pid, by name: a restart shows as a different pid. */
    private Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services().forEach(service -> pids.put(service.name(), service.isAlive() ? service.pid() : -1));
        return pids;
    }

    private static Map<String, Http> httpByName(List<ServiceProcess> processes) {
        Map<String, Http> byName = new LinkedHashMap<>();
        processes.forEach(process -> byName.put(process.name(), http(process)));
        return byName;
    }

    private static Map<String, Integer> zeroEach(List<ServiceProcess> processes) {
        Map<String, Integer> zeros = new LinkedHashMap<>();
        processes.forEach(process -> zeros.put(process.name(), 0));
        return zeros;
    }

    /** The topic's ARN, or null while it does not exist. */
    private String topicArn() {
        try (SnsClient sns = system.broker().snsClient()) {
            return sns.listTopicsPaginator()
                .topics()
                .stream()
                .map(Topic::topicArn)
                .filter(arn -> arn.endsWith(":" + TOPIC))
                .findFirst()
                .orElse(null);
        }
    }

    /**
     * The consumer's queue with its redrive to the dead-letter queue, and its
     * subscription to the topic.
     */
    private boolean consumerTopologyExists() {
        String topic = topicArn();
        if (topic == null) {
            return false;
        }
        try (SqsClient sqs = system.broker().sqsClient(); SnsClient sns = system.broker().snsClient()) {
            String queue = sqs.getQueueUrl(request -> request.queueName(QUEUE)).queueUrl();
            sqs.getQueueUrl(request -> request.queueName(DEAD_LETTER_QUEUE));
            Map<QueueAttributeName, String> attributes = sqs
                .getQueueAttributes(request -> request.queueUrl(queue)
                    .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY))
                .attributes();
            String queueArn = attributes.get(QueueAttributeName.QUEUE_ARN);
            return attributes.getOrDefault(QueueAttributeName.REDRIVE_POLICY, "").contains(DEAD_LETTER_QUEUE)
                    && sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topic))
                        .subscriptions()
                        .stream()
                        .anyMatch(subscription -> queueArn.equals(subscription.endpoint()));
        }
        catch (QueueDoesNotExistException notYet) {
            return false;
        }
    }

    private long pendingEvents() {
        return memberDatabase.count("select count(*) from event_log where published_at is null");
    }

    /** Visible and in-flight messages; -1 while the queue does not exist. */
    private long queueDepth(String name) {
        try (SqsClient sqs = system.broker().sqsClient()) {
            String queue = sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
            return queueAttribute(sqs, queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + queueAttribute(sqs, queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        }
        catch (QueueDoesNotExistException gone) {
            return -1;
        }
    }

    private static long queueAttribute(SqsClient sqs, String queue, QueueAttributeName attribute) {
        return Long.parseLong(sqs.getQueueAttributes(request -> request.queueUrl(queue).attributeNames(attribute))
            .attributes()
            .get(attribute));
    }

    private static Http http(ServiceProcess process) {
        return new Http(process.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
    }

    private static String[] ids(List<UUID> members) {
        return members.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static <T> List<T> inParallel(int count, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<T>> futures = pool.invokeAll(
                    IntStream.range(0, count).<Callable<T>>mapToObj(i -> () -> task.apply(i)).toList(), 2,
                    TimeUnit.MINUTES);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        catch (InterruptedException | java.util.concurrent.ExecutionException
                | java.util.concurrent.CancellationException ex) {
            throw new IllegalStateException("parallel requests did not all succeed", ex);
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** Polls until the condition holds or the bound passes; says which. */
    private static boolean awaitBounded(String what, Duration bound, BooleanSupplier condition) {
        return awaitBounded(what, Instant.now().plus(bound), condition);
    }

    /** Polls until the condition holds or the deadline passes; says which. */
    private static boolean awaitBounded(String what, Instant deadline, BooleanSupplier condition) {
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            }
            catch (UncheckedIOException | IllegalStateException | SdkException notNow) {
                // a service or the broker restarting, or a query failing now, says
                // nothing
                // yet about the outcome
            }
            SteadyDeletions.sleepUntil(Instant.now().plusMillis(250));
        }
        System.out.printf("[chaos] not by %s: %s%n", deadline, what);
        return false;
    }

    private <T> T timed(String step, Callable<T> work) {
        long start = System.nanoTime();
        System.out.printf("[chaos %s] %s%n", Instant.now(), step);
        try {
            return work.call();
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IllegalStateException(step + " failed", ex);
        }
        finally {
            report.timing(step, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void timedStep(String step, Runnable work) {
        timed(step, () -> {
            work.run();
            return null;
        });
    }

    private static String seconds(long nanos) {
        return "%.1f".formatted(nanos / 1e9);
    }

}

package com.example.events.localsystem.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.example.events.localsystem.console.ServiceApi.Answer;
import tools.jackson.databind.JsonNode;

/**
 * What the page's buttons do, each through the local system's own handles, the services'
 * public APIs or the repository's operator command. A control answers at once with what
 * it started; the activity log says what came of it.
 */
final class Controls implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** How long registering waits for the reservation-service to learn of a member. */
    private static final Duration REPLICA_WAIT = Duration.ofSeconds(30);

    /** How long a part's dependents may take to notice it is gone. */
    private static final Duration NOT_READY_WAIT = Duration.ofSeconds(30);

    /** How long they may take to be ready again once it is back. */
    private static final Duration READY_AGAIN_WAIT = Duration.ofSeconds(120);

    /**
     * How long the services may take to create their topic, queues and subscription
     * again.
     */
    private static final Duration TOPOLOGY_WAIT = Duration.ofSeconds(120);

    private static final Duration FOLLOW_EVERY = Duration.ofMillis(500);

    private static final List<String> FAMILY_NAMES = List.of("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Han");

    private static final List<String> GIVEN_NAMES = List.of("Minji", "Jisoo", "Hana", "Seojun", "Yuna", "Doyun",
            "Jiwoo");

    /** A control the page may not ask for as it did: 400, 404 or 409 with this detail. */
    static final class Refused extends RuntimeException {

        final int status;

        Refused(int status, String detail) {
            super(detail);
            this.status = status;
        }

    }

    private final URI memberService;

    private final URI reservationService;

    private final List<Part> parts;

    private final ServiceApi api;

    private final BrokerQueues broker;

    private final WatchedMembers watched;

    private final ActivityLog log;

    private final MemberBackfill backfill;

    private final ReconcileCommand reconcile;

    private final ExecutorService running = Executors.newVirtualThreadPerTaskExecutor();

    private final Map<String, String> busy = new ConcurrentHashMap<>();

    // how many handles of each part ran: a follow-up of one that another has overtaken
    // says nothing
    private final Map<String, Long> turns = new ConcurrentHashMap<>();

    private final Map<String, URI> serviceUrls;

    private final Set<String> cut = ConcurrentHashMap.newKeySet();

    // reservations get slots of their own, so that those the console makes never overlap
    private final AtomicLong nextSlot = new AtomicLong();

    private final Instant firstSlot = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));

    Controls(Console.Target target, ServiceApi api, BrokerQueues broker, WatchedMembers watched, ActivityLog log,
            MemberBackfill backfill, ReconcileCommand reconcile) {
        this.memberService = target.memberService();
        this.reservationService = target.reservationService();
        this.parts = target.parts();
        this.serviceUrls = Map.of(target.memberServiceName(), memberService, target.reservationServiceName(),
                reservationService);
        this.api = api;
        this.broker = broker;
        this.watched = watched;
        this.log = log;
        this.backfill = backfill;
        this.reconcile = reconcile;
    }

    /**
     * Starts a control; returns what it started, which the activity log says too.
     * @throws Refused for an unknown control, a body it cannot take, or one that cannot
     * start now
     */
    String perform(String control, JsonNode body) {
        return switch (control) {
            case "register" -> register(intIn(body, "members", 1, 50), intIn(body, "reservationsPerMember", 0, 5));
            case "delete" -> delete(intIn(body, "members", 1, 100), rate(body));
            case "delete-member" -> deleteMember(uuid(body, "memberId"));
            case "poison" -> start("publishing a poison message to " + BrokerQueues.TOPIC, this::poison);
            case "redrive" -> start("redriving the dead-letter queue", this::redrive);
            case "replay" -> replay(longAtLeast(body, "fromSequence", 0));
            case "part" -> part(text(body, "part"), text(body, "handle"));
            case "backfill" -> backfill();
            case "reconcile" -> reconcile.start(flag(body, "repair"));
            default -> throw new Refused(404, "There is no control " + control);
        };
    }

    /** What the console is doing to this part right now, or null. */
    String busyWith(String part) {
        return busy.get(part);
    }

    /** Whether the console cut a network path of this part and has not restored it. */
    boolean cut(String part) {
        return cut.contains(part);
    }

    @Override
    public void close() {
        running.shutdownNow();
    }

    private String register(int members, int reservationsPerMember) {
        return start("registering " + members + " member(s) with " + reservationsPerMember + " reservation(s) each",
                () -> {
                    Tally answers = new Tally();
                    List<UUID> registered = new ArrayList<>();
                    for (int i = 0; i < members; i++) {
                        String name = pick(FAMILY_NAMES) + " " + pick(GIVEN_NAMES);
                        String email = "console." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                        Answer answer = api.post(memberService, "/members", Map.of("name", name, "email", email),
                                REQUEST_TIMEOUT);
                        answers.add(answer);
                        if (answer.status() == 201) {
                            UUID id = UUID.fromString(answer.body().path("id").asString());
                            watched.watch(id, name);
                            registered.add(id);
                        }
                    }
                    String outcome = "registered " + registered.size() + " of " + members + " member(s): " + answers;
                    if (reservationsPerMember > 0 && !registered.isEmpty()) {
                        outcome += "; " + reserve(registered, reservationsPerMember);
                    }
                    return outcome;
                });
    }

    // The reservation-service accepts a reservation only for a member it has learned of
    // from events: wait for that first, as a client of both services would.
    private String reserve(List<UUID> members, int perMember) {
        Instant deadline = Instant.now().plus(REPLICA_WAIT);
        Tally answers = new Tally();
        int unknown = 0;
        for (UUID member : members) {
            if (!awaitActiveReplica(member, deadline)) {
                unknown++;
                continue;
            }
            for (int j = 0; j < perMember; j++) {
                answers.add(reserveOneSlot(member));
            }
        }
        String outcome = "reservations: " + (answers.isEmpty() ? "none" : answers.toString());
        return unknown == 0 ? outcome : outcome + "; the reservation-service had not learned of " + unknown
                + " member(s) within " + REPLICA_WAIT.toSeconds() + " s, so none were made for them";
    }

    private Answer reserveOneSlot(UUID member) {
        Answer answer;
        int tries = 0;
        do {
            long slot = nextSlot.getAndIncrement();
            Instant startsAt = firstSlot.plus(Duration.ofHours(slot / 3));
            answer = api.post(reservationService, "/reservations",
                    Map.of("memberId", member.toString(), "resource", "court-" + (slot % 3 + 1), "startsAt",
                            startsAt.toString(), "endsAt", startsAt.plus(Duration.ofHours(1)).toString()),
                    REQUEST_TIMEOUT);
        }
        // a slot taken by reservations of an earlier run: the next one
        while (answer.status() == 409 && ++tries < 5);
        return answer;
    }

    private boolean awaitActiveReplica(UUID member, Instant deadline) {
        while (true) {
            Answer replica = api.get(reservationService, "/member-replica/" + member, REQUEST_TIMEOUT);
            if (replica.ok() && "ACTIVE".equals(replica.body().path("status").asString())) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private String delete(int members, double perSecond) {
        return start("deleting the " + members + " oldest member(s) at " + format(perSecond) + "/s", () -> {
            Answer page = expect(200, api.get(memberService, "/members?page=0&size=" + members, REQUEST_TIMEOUT));
            List<JsonNode> content = new ArrayList<>();
            page.body().path("content").forEach(content::add);
            if (content.isEmpty()) {
                return "there were no members to delete";
            }
            Tally answers = new Tally();
            long started = System.nanoTime();
            long interval = (long) (1_000_000_000 / perSecond);
            for (int k = 0; k < content.size(); k++) {
                sleepUntil(started + k * interval);
                UUID id = UUID.fromString(content.get(k).path("id").asString());
                watched.watch(id, content.get(k).path("name").asString());
                answers.add(api.delete(memberService, "/members/" + id, REQUEST_TIMEOUT));
            }
            return "deleted " + content.size() + " member(s) in " + seconds(System.nanoTime() - started) + ": "
                    + answers;
        });
    }

    private String deleteMember(UUID member) {
        return start("deleting member " + member, () -> "deleted member " + member + ": "
                + describe(expect(204, api.delete(memberService, "/members/" + member, REQUEST_TIMEOUT))));
    }

    private String poison() {
        String eventId = broker.publishPoison();
        return "published poison message " + eventId + " (no sequence, time or member) to " + BrokerQueues.TOPIC
                + ": the reservation-service rejects it on every receive, and after 3 receives (a visibility timeout"
                + " apart) the queue moves it to " + BrokerQueues.DEAD_LETTER_QUEUE;
    }

    private String redrive() {
        Answer answer = expect(202, api.adminPost(reservationService, "/admin/dlq/redrive", Map.of(), REQUEST_TIMEOUT));
        return "moved " + answer.body().path("moved").asLong() + " dead letter(s) back to " + BrokerQueues.QUEUE;
    }

    private String replay(long fromSequence) {
        return start("replaying for subscriber reservation from sequence " + fromSequence, () -> {
            Answer answer = expect(202, api.adminPost(memberService, "/admin/events/replay",
                    Map.of("fromSequence", fromSequence, "subscriber", "reservation"), REQUEST_TIMEOUT));
            return "replayed " + answer.body().path("replayed").asLong() + " event(s) from sequence " + fromSequence
                    + " to the reservation queue only";
        });
    }

    // asked at once, so that a refusal (one runs already) is the control's own answer;
    // the samples follow the run to its end
    private String backfill() {
        Answer answer = api.adminPost(memberService, MemberBackfill.PATH, Map.of(), REQUEST_TIMEOUT);
        switch (answer.status()) {
            case 202 -> {
                backfill.started(answer.body());
                String doing = "backfill: member-service announces every member it stores as a MemberSnapshot";
                log.started(doing);
                return doing;
            }
            case 409 -> throw new Refused(409, "member-service runs a backfill already: " + describe(answer));
            case 404 -> throw new Refused(502, MemberBackfill.missing());
            default -> throw new Refused(502, "member-service did not start a backfill: " + describe(answer));
        }
    }

    private String part(String partName, String handleName) {
        Part part = parts.stream()
            .filter(candidate -> candidate.name().equals(partName))
            .findFirst()
            .orElseThrow(() -> new Refused(404, "There is no part " + partName));
        Part.Handle handle = part.handle(handleName)
            .orElseThrow(() -> new Refused(404, partName + " has no handle " + handleName));
        String already = busy.putIfAbsent(partName, handle.doing());
        if (already != null) {
            throw new Refused(409, partName + " is busy " + already);
        }
        long turn = turns.merge(partName, 1L, Long::sum);
        String doing = partName + ": " + handle.doing();
        log.started(doing);
        running.submit(() -> {
            long started = System.nanoTime();
            CatchUp catchUp = handle.effect() == Part.Effect.EMPTIES_BROKER ? catchUp() : null;
            try {
                handle.action().run();
            }
            catch (RuntimeException ex) {
                log.failed(partName + ": " + handle.doing() + " failed: " + firstLine(ex.getMessage()));
                return;
            }
            finally {
                busy.remove(partName);
            }
            switch (handle.effect()) {
                case CUTS -> cut.add(partName);
                case RESTORES -> cut.remove(partName);
                default -> {
                }
            }
            String did = partName + " " + handle.did();
            log.done(did + " in " + seconds(System.nanoTime() - started));
            long done = System.nanoTime();
            BooleanSupplier current = () -> turns.get(partName) == turn;
            if (handle.effect().takesAway()) {
                followReadiness(part.dependents(), false, did, done, current);
            }
            else if (handle.effect().givesBack()) {
                followReadiness(part.dependents(), true, did, done, current);
            }
            else if (catchUp != null) {
                followTopology(catchUp, done, current);
            }
        });
        return doing;
    }

    /**
     * Where a consumer that lost messages with the broker catches up from: the newest
     * stored event before the restart, less those that may not have reached the consumer
     * yet (on the queue, or not yet published).
     */
    private record CatchUp(Long lastSequence, Long onQueue, Long pending) {

        long fromSequence() {
            if (lastSequence == null) {
                return 0;
            }
            long notYetApplied = (onQueue == null ? 0 : onQueue) + (pending == null ? 0 : pending);
            return Math.max(0, lastSequence - notYetApplied + 1);
        }

        String because() {
            return lastSequence == null ? "member-service did not say its newest sequence before the restart"
                    : "the newest stored event before the restart was " + lastSequence + ", with "
                            + (onQueue == null ? "an unknown number of" : onQueue) + " message(s) on the queue and "
                            + (pending == null ? "an unknown number of" : pending) + " event(s) not yet published";
        }

    }

    private CatchUp catchUp() {
        Answer outbox = api.adminGet(memberService, "/admin/outbox", REQUEST_TIMEOUT);
        BrokerQueues.Depth queue = broker.depth(BrokerQueues.QUEUE);
        return new CatchUp(outbox.ok() ? number(outbox.body(), "lastSequence") : null, queue.total(),
                outbox.ok() ? number(outbox.body(), "pending") : null);
    }

    // What came of taking something away from the services that need it, or of giving it
    // back: their readiness, as an orchestrator sees it. Silent once another handle of
    // the same part ran.
    private void followReadiness(List<String> services, boolean ready, String did, long since,
            BooleanSupplier current) {
        Duration bound = ready ? READY_AGAIN_WAIT : NOT_READY_WAIT;
        for (String service : services) {
            URI url = serviceUrls.get(service);
            boolean reached = awaitWhile(current, bound, since, () -> ready(url) == ready);
            if (!current.getAsBoolean()) {
                return;
            }
            String after = seconds(System.nanoTime() - since) + " after " + did;
            if (reached) {
                log.done(service + (ready ? " ready again " : " NOT READY ") + after);
            }
            else {
                log.failed(service + (ready ? " not ready yet " : " still ready ") + after);
            }
        }
    }

    // What came of emptying the broker: the services create what they own again, and the
    // operator replays what the old queue lost
    private void followTopology(CatchUp catchUp, long since, BooleanSupplier current) {
        boolean topic = awaitWhile(current, TOPOLOGY_WAIT, since, broker::topicExists);
        String topicAfter = seconds(System.nanoTime() - since);
        boolean subscribed = awaitWhile(current, TOPOLOGY_WAIT, since, () -> broker.subscribed(BrokerQueues.QUEUE)
                && broker.depth(BrokerQueues.DEAD_LETTER_QUEUE).problem() == null);
        String subscribedAfter = seconds(System.nanoTime() - since);
        if (!current.getAsBoolean()) {
            return;
        }
        if (!topic || !subscribed) {
            log.failed("after " + seconds(TOPOLOGY_WAIT.toNanos()) + " the broker still has no "
                    + (topic ? "" : "topic " + BrokerQueues.TOPIC + (subscribed ? "" : " and no "))
                    + (subscribed ? "" : "subscribed queue " + BrokerQueues.QUEUE + " with its dead-letter queue")
                    + ": are the services provisioning what they own?");
            return;
        }
        log.done("member-service created topic " + BrokerQueues.TOPIC + " again within " + topicAfter
                + ", reservation-service its queue, dead-letter queue and subscription within " + subscribedAfter
                + ". What the old queue held, and whatever was published before the new subscription, never reaches"
                + " the reservation-service: catch up with Replay for reservation from sequence "
                + catchUp.fromSequence() + " (" + catchUp.because()
                + "; a lower sequence does no harm, as each event is applied once)");
    }

    private boolean ready(URI service) {
        return api.get(service, "/actuator/health/readiness", REQUEST_TIMEOUT).status() == 200;
    }

    private static boolean awaitWhile(BooleanSupplier current, Duration bound, long since, BooleanSupplier done) {
        long deadline = since + bound.toNanos();
        while (current.getAsBoolean()) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(FOLLOW_EVERY);
        }
        return false;
    }

    private interface Work {

        String run();

    }

    private String start(String doing, Work work) {
        log.started(doing);
        running.submit(() -> {
            try {
                log.done(work.run());
            }
            catch (RuntimeException ex) {
                log.failed(doing + " failed: " + firstLine(ex.getMessage()));
            }
        });
        return doing;
    }

    /** The answer if it has that status; else the control failed, and says with what. */
    private static Answer expect(int status, Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException(answer.status() == 0 ? describe(answer) : "answered " + describe(answer));
        }
        return answer;
    }

    private static String describe(Answer answer) {
        return answer.describe() + answer.retries();
    }

    /** The answers to many requests, counted: "201 ×3, 503 ×1". */
    private static final class Tally {

        private final Map<String, Integer> counts = new LinkedHashMap<>();

        private int sentAgain;

        void add(Answer answer) {
            counts.merge(answer.describe(), 1, Integer::sum);
            sentAgain += answer.sentAgain();
        }

        boolean isEmpty() {
            return counts.isEmpty();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            counts.forEach((answer, count) -> parts.add(answer + " ×" + count));
            return String.join(", ", parts) + (sentAgain == 0 ? ""
                    : " (" + sentAgain + " request(s) sent again after a 503, as its Retry-After asked)");
        }

    }

    private static int intIn(JsonNode body, String field, int min, int max) {
        JsonNode value = body.path(field);
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new Refused(400, field + " must be a whole number from " + min + " to " + max);
        }
        return value.asInt();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new Refused(400, field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static long longAtLeast(JsonNode body, String field, long min) {
        JsonNode value = body.path(field);
        if (!value.isIntegralNumber() || value.asLong() < min) {
            throw new Refused(400, field + " must be a whole number of at least " + min);
        }
        return value.asLong();
    }

    private static Long number(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    private static double rate(JsonNode body) {
        JsonNode value = body.path("perSecond");
        if (!value.isNumber() || value.asDouble() < 0.1 || value.asDouble() > 50) {
            throw new Refused(400, "perSecond must be a number from 0.1 to 50");
        }
        return value.asDouble();
    }

    private static UUID uuid(JsonNode body, String field) {
        try {
            return UUID.fromString(text(body, field));
        }
        catch (IllegalArgumentException ex) {
            throw new Refused(400, field + " must be a UUID");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw new Refused(400, field + " is missing");
        }
        return value.asString();
    }

    private static String pick(List<String> names) {
        return names.get(ThreadLocalRandom.current().nextInt(names.size()));
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the console is stopping", ex);
        }
    }

}

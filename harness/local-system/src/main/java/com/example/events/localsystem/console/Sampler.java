package com.example.events.localsystem.console;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.example.events.localsystem.console.ConsoleState.Consumer;
import com.example.events.localsystem.console.ConsoleState.DeadLetter;
import com.example.events.localsystem.console.ConsoleState.Event;
import com.example.events.localsystem.console.ConsoleState.Events;
import com.example.events.localsystem.console.ConsoleState.HandleView;
import com.example.events.localsystem.console.ConsoleState.Member;
import com.example.events.localsystem.console.ConsoleState.Outbox;
import com.example.events.localsystem.console.ConsoleState.PartView;
import com.example.events.localsystem.console.ConsoleState.Point;
import com.example.events.localsystem.console.ConsoleState.Queue;
import com.example.events.localsystem.console.ConsoleState.Service;
import com.example.events.localsystem.console.ConsoleState.Topic;
import com.example.events.localsystem.console.ServiceApi.Answer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads, once a second, what an operator could read: both services' health groups, public
 * APIs, admin endpoints (member-service's backfill status among them) and Prometheus
 * scrapes, and the broker's queue attributes; keeps the last five minutes for the charts.
 */
final class Sampler implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(1);

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final int HISTORY_POINTS = 300;

    static final int EVENTS_SHOWN = 12;

    /** A look into the dead-letter queue counts as a receive there: not every second. */
    private static final int DEAD_LETTER_LOOK_EVERY = 3;

    private static final int BODY_SHOWN = 160;

    private static final String NO_ANSWER = "no answer";

    private final Console.Target target;

    private final URI memberService;

    private final URI reservationService;

    private final ServiceApi api;

    private final BrokerQueues broker;

    private final WatchedMembers watched;

    private final ActivityLog log;

    private final Controls controls;

    private final MemberBackfill backfill;

    private final ReconcileCommand reconcile;

    private final JsonMapper json;

    private final ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor();

    private final Increase published = new Increase(Duration.ofSeconds(5));

    private final Increase applied = new Increase(Duration.ofSeconds(5));

    private final Increase propagation = new Increase(Duration.ofMinutes(1));

    private final Deque<Point> history = new ArrayDeque<>();

    // an event once applied stays applied: its member's replica need not be asked again
    // while the list shows it
    private final Set<String> appliedEvents = ConcurrentHashMap.newKeySet();

    private List<DeadLetter> deadLetterMessages = List.of();

    private Set<String> deadLetteredEvents = Set.of();

    private long samples;

    private volatile ConsoleState latest;

    private volatile Thread thread;

    Sampler(Console.Target target, ServiceApi api, BrokerQueues broker, WatchedMembers watched, ActivityLog log,
            Controls controls, MemberBackfill backfill, ReconcileCommand reconcile, JsonMapper json) {
        this.target = target;
        this.memberService = target.memberService();
        this.reservationService = target.reservationService();
        this.api = api;
        this.broker = broker;
        this.watched = watched;
        this.log = log;
        this.controls = controls;
        this.backfill = backfill;
        this.reconcile = reconcile;
        this.json = json;
    }

    /** Takes the first sample, then one a second. */
    void start() {
        latest = sample();
        thread = Thread.ofPlatform().daemon().name("console-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long started = System.nanoTime();
                try {
                    latest = sample();
                }
                catch (RuntimeException ex) {
                    // the next second tries again; the page keeps the last sample
                }
                long left = EVERY.toNanos() - (System.nanoTime() - started);
                if (left > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(left));
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            }
        });
    }

    ConsoleState latest() {
        return latest;
    }

    @Override
    public void close() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
        reads.shutdownNow();
    }

    private synchronized ConsoleState sample() {
        long now = System.currentTimeMillis();
        Future<String> memberLive = read(() -> status(api.get(memberService, "/actuator/health/liveness", TIMEOUT)));
        Future<String> memberReady = read(() -> status(api.get(memberService, "/actuator/health/readiness", TIMEOUT)));
        Future<String> reservationLive = read(
                () -> status(api.get(reservationService, "/actuator/health/liveness", TIMEOUT)));
        Future<String> reservationReady = read(
                () -> status(api.get(reservationService, "/actuator/health/readiness", TIMEOUT)));
        Future<Answer> outbox = read(() -> api.adminGet(memberService, "/admin/outbox", TIMEOUT));
        Future<Answer> membersPage = read(() -> api.get(memberService, "/members?page=0&size=1", TIMEOUT));
        Future<Answer> backfillStatus = read(() -> api.adminGet(memberService, MemberBackfill.PATH, TIMEOUT));
        Future<Answer> events = read(() -> api.adminGet(memberService, "/admin/events?limit=" + EVENTS_SHOWN, TIMEOUT));
        Future<String> memberMetrics = read(() -> api.text(memberService, "/actuator/prometheus", TIMEOUT));
        Future<String> reservationMetrics = read(() -> api.text(reservationService, "/actuator/prometheus", TIMEOUT));
        Future<BrokerQueues.Depth> queue = read(() -> broker.depth(BrokerQueues.QUEUE));
        Future<BrokerQueues.Depth> deadLetters = read(() -> broker.depth(BrokerQueues.DEAD_LETTER_QUEUE));
        List<Future<Member>> members = watched.newestFirst()
            .stream()
            .map(member -> read(() -> member(member)))
            .toList();

        BrokerQueues.Depth deadLetterDepth = get(deadLetters);
        lookIntoDeadLetters(deadLetterDepth);
        List<Member> memberViews = members.stream().map(Sampler::get).toList();
        Events eventViews = events(get(events), memberViews);
        Topic topic = topic(get(memberMetrics), now);
        Consumer consumer = consumer(get(reservationMetrics), now);
        Outbox outboxView = outbox(get(outbox));
        BrokerQueues.Depth queueDepth = get(queue);
        Answer page = get(membersPage);
        Long membersStored = page.ok() ? page.body().path("page").path("totalElements").asLong() : null;

        history.addLast(new Point(now, queueDepth.visible(), queueDepth.inFlight(), deadLetterDepth.total(),
                outboxView.pending(), consumer.p50Ms(), consumer.p99Ms()));
        while (history.size() > HISTORY_POINTS) {
            history.removeFirst();
        }
        samples++;
        return new ConsoleState(now,
                service(target.memberServiceName(), memberService, get(memberLive), get(memberReady)),
                service(target.reservationServiceName(), reservationService, get(reservationLive),
                        get(reservationReady)),
                outboxView, membersStored, topic, queue(BrokerQueues.QUEUE, queueDepth),
                queue(BrokerQueues.DEAD_LETTER_QUEUE, deadLetterDepth), deadLetterMessages, consumer, eventViews,
                memberViews, backfill.sample(get(backfillStatus), membersStored), reconcile.view(), partViews(),
                log.newestFirst(), List.copyOf(history));
    }

    private Service service(String name, URI url, String live, String ready) {
        Part part = part(name);
        String busy = controls.busyWith(name);
        String process = busy != null ? busy : part == null || part.running().getAsBoolean() ? "running" : "stopped";
        String health = !"UP".equals(live) ? "DOWN" : !"UP".equals(ready) ? "NOT READY" : "UP";
        return new Service(name, url.toString(), process, live, ready, health, controls.cut(name));
    }

    private Outbox outbox(Answer answer) {
        if (!answer.ok()) {
            return new Outbox(null, null, null, null, "GET /admin/outbox: " + answer.describe());
        }
        JsonNode body = answer.body();
        return new Outbox(number(body, "pending"), number(body, "published"), number(body, "lastSequence"),
                number(body, "oldestPendingAgeSeconds"), null);
    }

    private Topic topic(String metrics, long now) {
        if (metrics == null) {
            return new Topic(BrokerQueues.TOPIC, null, null);
        }
        PrometheusText text = PrometheusText.parse(metrics);
        double total = text.sum("outbox_events_published_total", Map.of());
        return new Topic(BrokerQueues.TOPIC, published.add(now, Map.of(0.0, total)).perSecond(0.0),
                (long) text.sum("outbox_publish_failures_total", Map.of()));
    }

    private Consumer consumer(String metrics, long now) {
        if (metrics == null) {
            return new Consumer(null, null, null, null, null);
        }
        PrometheusText text = PrometheusText.parse(metrics);
        double appliedTotal = text.sum("member_events_applied_total", Map.of("outcome", "applied"));
        Increase.Delta window = propagation.add(now, text.buckets("member_events_propagation_seconds"));
        return new Consumer(applied.add(now, Map.of(0.0, appliedTotal)).perSecond(0.0), (long) appliedTotal,
                (long) text.sum("member_events_rejected_total", Map.of()), millis(window.quantile(0.5)),
                millis(window.quantile(0.99)));
    }

    private static Queue queue(String name, BrokerQueues.Depth depth) {
        return new Queue(name, depth.visible(), depth.inFlight(), depth.total(), depth.problem());
    }

    private void lookIntoDeadLetters(BrokerQueues.Depth depth) {
        boolean empty = depth.total() != null && depth.total() == 0;
        if (empty) {
            deadLetterMessages = List.of();
            deadLetteredEvents = Set.of();
            return;
        }
        if (depth.visible() == null || samples % DEAD_LETTER_LOOK_EVERY != 0) {
            return;
        }
        Answer answer = api.adminGet(reservationService, "/admin/dlq", TIMEOUT);
        if (!answer.ok()) {
            return;
        }
        List<DeadLetter> messages = new ArrayList<>();
        Set<String> eventIds = new HashSet<>();
        answer.body().path("messages").forEach(message -> {
            String body = message.path("body").asString("");
            messages.add(new DeadLetter(message.path("messageId").asString(""),
                    body.length() > BODY_SHOWN ? body.substring(0, BODY_SHOWN) + "…" : body,
                    message.path("receiveCount").asInt()));
            String eventId = eventIdOf(body);
            if (eventId != null) {
                eventIds.add(eventId);
            }
        });
        deadLetterMessages = messages;
        deadLetteredEvents = eventIds;
    }

    private Member member(WatchedMembers.Watched member) {
        Future<Answer> stored = read(() -> api.get(memberService, "/members/" + member.id(), TIMEOUT));
        Future<Answer> replica = read(() -> api.get(reservationService, "/member-replica/" + member.id(), TIMEOUT));
        Future<Answer> reservations = read(
                () -> api.get(reservationService, "/reservations?memberId=" + member.id() + "&page=0&size=1", TIMEOUT));
        Answer storedAnswer = get(stored);
        Answer replicaAnswer = get(replica);
        Answer reservationsAnswer = get(reservations);
        String memberState = switch (storedAnswer.status()) {
            case 200 -> "stored";
            case 404 -> "deleted";
            default -> NO_ANSWER;
        };
        String replicaState = switch (replicaAnswer.status()) {
            case 200 -> replicaAnswer.body().path("status").asString(NO_ANSWER);
            case 404 -> "none";
            default -> NO_ANSWER;
        };
        return new Member(member.id().toString(), member.name(), memberState, replicaState,
                replicaAnswer.ok() ? number(replicaAnswer.body(), "lastSequence") : null,
                reservationsAnswer.ok() ? reservationsAnswer.body().path("page").path("totalElements").asLong() : null);
    }

    // GET /admin/events: a JSON array, newest first
    private Events events(Answer answer, List<Member> watchedMembers) {
        if (!answer.ok()) {
            return new Events("GET /admin/events: " + answer.describe(), List.of());
        }
        if (!answer.body().isArray()) {
            return new Events("GET /admin/events answered something other than a list of events", List.of());
        }
        List<JsonNode> stored = new ArrayList<>();
        answer.body().forEach(stored::add);
        Map<String, Long> replicaSequences = new HashMap<>();
        watchedMembers.forEach(member -> {
            if (member.lastSequence() != null) {
                replicaSequences.put(member.id(), member.lastSequence());
            }
        });
        Map<String, Future<Long>> asked = new HashMap<>();
        for (JsonNode event : stored) {
            String member = event.path("memberId").asString("");
            if (!appliedEvents.contains(event.path("eventId").asString("")) && !replicaSequences.containsKey(member)
                    && !member.isEmpty()) {
                asked.computeIfAbsent(member, id -> read(() -> replicaSequence(id)));
            }
        }
        asked.forEach((member, sequence) -> {
            Long value = get(sequence);
            if (value != null) {
                replicaSequences.put(member, value);
            }
        });
        List<Event> items = stored.stream().map(event -> event(event, replicaSequences)).toList();
        appliedEvents.retainAll(items.stream().map(Event::eventId).toList());
        return new Events(null, items);
    }

    private Event event(JsonNode event, Map<String, Long> replicaSequences) {
        long sequence = event.path("sequence").asLong();
        String eventId = event.path("eventId").asString("");
        String memberId = event.path("memberId").asString("");
        boolean pending = "PENDING".equalsIgnoreCase(event.path("state").asString(""));
        Long replicaSequence = replicaSequences.get(memberId);
        String where;
        if (deadLetteredEvents.contains(eventId)) {
            where = "dead-lettered";
        }
        else if (pending) {
            where = "pending";
        }
        else if (appliedEvents.contains(eventId) || replicaSequence != null && replicaSequence >= sequence) {
            appliedEvents.add(eventId);
            where = "applied";
        }
        else {
            where = "published";
        }
        return new Event(sequence, eventId, event.path("eventType").asString(""), memberId,
                optionalText(event, "occurredAt"), optionalText(event, "traceId"), where);
    }

    private Long replicaSequence(String member) {
        Answer replica = api.get(reservationService, "/member-replica/" + member, TIMEOUT);
        return replica.ok() ? number(replica.body(), "lastSequence") : null;
    }

    private List<PartView> partViews() {
        return target.parts()
            .stream()
            .map(part -> new PartView(part.name(), part.box(), part.running().getAsBoolean(),
                    controls.busyWith(part.name()), controls.cut(part.name()),
                    part.handles()
                        .stream()
                        .map(handle -> new HandleView(handle.name(), handle.label(), handle.doing()))
                        .toList()))
            .toList();
    }

    private Part part(String name) {
        return target.parts().stream().filter(part -> part.name().equals(name)).findFirst().orElse(null);
    }

    private String eventIdOf(String body) {
        try {
            String eventId = json.readTree(body).path("eventId").asString("");
            return eventId.isEmpty() ? null : eventId;
        }
        catch (JacksonException notJson) {
            return null;
        }
    }

    private static String status(Answer health) {
        return health.status() == 0 ? NO_ANSWER : health.body().path("status").asString("HTTP " + health.status());
    }

    private static Long number(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 10_000) / 10.0;
    }

    private <T> Future<T> read(Supplier<T> read) {
        return reads.submit(read::get);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the console is stopping", ex);
        }
        catch (java.util.concurrent.ExecutionException ex) {
            throw new IllegalStateException(ex.getCause());
        }
    }

}

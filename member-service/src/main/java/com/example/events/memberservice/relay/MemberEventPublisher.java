package com.example.events.memberservice.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.example.events.memberservice.eventlog.MemberEventType;
import com.example.events.memberservice.eventlog.StoredEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts stored events on the topic, ten per PublishBatch request and a few requests at a
 * time. The {@code eventType} message attribute lets subscribers filter without reading
 * the body, {@code replayFor} keeps a replay for one subscriber out of everyone else's
 * queue; SNS keeps nothing, so the event log stays the source of truth.
 *
 * <p>
 * Uses the blocking client Spring Cloud AWS configures (endpoint, region, credentials,
 * customizers) on a small pool of its own: the pool size bounds the requests in flight.
 *
 * <p>
 * Tracing: each entry carries the {@code traceparent} stored with its event, so the
 * consumer continues the trace of the request that caused it, and a replayed event its
 * original trace. Spring Cloud AWS's observation support covers {@code SnsTemplate}'s
 * single publishes only, so for PublishBatch the attribute is written by hand here. A
 * request gets a producer span of its own, in no request's trace (a batch mixes events of
 * many), linked to the span of each event it carries.
 */
@Component
class MemberEventPublisher implements AutoCloseable {

    /** SNS's limit per PublishBatch request. */
    static final int MAX_BATCH_ENTRIES = 10;

    private static final Logger log = LoggerFactory.getLogger(MemberEventPublisher.class);

    /** What SNS accepted and what it did not; the failed ones are to be tried again. */
    record Outcome(List<StoredEvent> accepted, List<StoredEvent> failed, String firstFailure) {
    }

    private record Answer(PublishBatchResponse response, Instant at) {
    }

    private final SnsClient sns;

    private final MemberEventsTopic topic;

    private final JsonMapper json;

    private static final String OTHER_TYPE = "other";

    private final Clock clock;

    private final Duration publishTimeout;

    private final ExecutorService requests;

    // by type as stored; one counter ("other") for every type this version does not know
    private final Map<String, Counter> published = new HashMap<>();

    private final Counter failures;

    private final Timer latency;

    private final Tracer tracer;

    MemberEventPublisher(SnsClient sns, MemberEventsTopic topic, JsonMapper json, Clock clock, RelayProperties settings,
            MeterRegistry meters, Tracer tracer) {
        this.sns = sns;
        this.tracer = tracer;
        this.topic = topic;
        this.json = json;
        this.clock = clock;
        this.publishTimeout = settings.publishTimeout();
        this.requests = Executors.newFixedThreadPool(settings.maxInFlight(),
                Thread.ofPlatform().name("outbox-publish-", 1).daemon(true).factory());
        for (String type : Stream.concat(Stream.of(MemberEventType.values()).map(Enum::name), Stream.of(OTHER_TYPE))
            .toList()) {
            published.put(type,
                    Counter.builder("outbox.events.published")
                        .tag("type", type)
                        .description("Events SNS accepted, replays included")
                        .register(meters));
        }
        this.failures = Counter.builder("outbox.publish.failures")
            .description("Events SNS did not accept; each is tried again")
            .register(meters);
        this.latency = Timer.builder("outbox.publish.latency")
            .description("From an event being stored (or queued again by a replay) to SNS accepting it")
            .publishPercentileHistogram()
            .register(meters);
    }

    /**
     * Blocks until every request has answered or failed; never throws for an SNS failure.
     */
    Outcome publish(List<StoredEvent> events) {
        Tally tally = new Tally();
        String topicArn;
        try {
            topicArn = topic.arn();
        }
        catch (RuntimeException ex) {
            tally.failed(events, ex.toString());
            return tally.outcome();
        }
        List<List<StoredEvent>> chunks = new ArrayList<>();
        for (int from = 0; from < events.size(); from += MAX_BATCH_ENTRIES) {
            chunks.add(events.subList(from, Math.min(events.size(), from + MAX_BATCH_ENTRIES)));
        }
        List<Future<Answer>> answers = chunks.stream()
            .map(chunk -> requests.submit(() -> send(topicArn, chunk)))
            .toList();
        boolean topicLost = false;
        for (int i = 0; i < chunks.size(); i++) {
            try {
                tally.answered(chunks.get(i), answers.get(i).get());
            }
            catch (ExecutionException ex) {
                topicLost |= ex.getCause() instanceof NotFoundException;
                tally.failed(chunks.get(i), ex.getCause().toString());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                // whatever SNS still accepts from here on goes out again: at-least-once
                chunks.subList(i, chunks.size()).forEach(chunk -> tally.failed(chunk, "interrupted"));
                break;
            }
        }
        if (topicLost) {
            // the broker lost the topic; this round's events go out again once it is back
            topic.recreate(topicArn);
        }
        return tally.outcome();
    }

    private Answer send(String topicArn, List<StoredEvent> chunk) {
        Span span = publishSpan(topicArn, chunk);
        try {
            PublishBatchResponse response = sns.publishBatch(request(topicArn, chunk));
            span.tag("messaging.batch.failed_count", response.failed().size());
            return new Answer(response, clock.instant());
        }
        catch (RuntimeException ex) {
            span.error(ex);
            throw ex;
        }
        finally {
            span.end();
        }
    }

    private Span publishSpan(String topicArn, List<StoredEvent> chunk) {
        Span.Builder span = tracer.spanBuilder()
            .name("member-events publish")
            .kind(Span.Kind.PRODUCER)
            .setNoParent()
            .tag("messaging.system", "aws_sns")
            .tag("messaging.destination.name", topicArn)
            .tag("messaging.batch.message_count", chunk.size());
        for (StoredEvent event : chunk) {
            if (event.traceparent() != null) {
                span.addLink(new Link(traceContext(event.traceparent()),
                        Map.of("messaging.message.id", event.eventId().toString(), "sequence", event.sequence())));
            }
        }
        return span.start();
    }

    // version-traceid-spanid-flags, as EventLog stored it from the propagator
    private TraceContext traceContext(String traceparent) {
        String[] parts = traceparent.split("-");
        return tracer.traceContextBuilder()
            .traceId(parts[1])
            .spanId(parts[2])
            .sampled((Integer.parseInt(parts[3], 16) & 1) == 1)
            .build();
    }

    private PublishBatchRequest request(String topicArn, List<StoredEvent> chunk) {
        return PublishBatchRequest.builder()
            .topicArn(topicArn)
            .publishBatchRequestEntries(chunk.stream().map(this::entry).toList())
            .overrideConfiguration(config -> config.apiCallTimeout(publishTimeout))
            .build();
    }

    private PublishBatchRequestEntry entry(StoredEvent event) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("eventType", text(event.eventType()));
        if (event.traceparent() != null) {
            attributes.put("traceparent", text(event.traceparent()));
        }
        if (event.replayFor() != null) {
            attributes.put("replayFor", text(event.replayFor()));
        }
        return PublishBatchRequestEntry.builder()
            .id(entryId(event))
            .message(json.writeValueAsString(event.toMessage()))
            .messageAttributes(attributes)
            .build();
    }

    // unique within a request, and within SNS's alphabet for ids
    private static String entryId(StoredEvent event) {
        return Long.toString(event.sequence());
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Sorts a round's events into accepted and failed, and counts them. */
    private final class Tally {

        private final List<StoredEvent> accepted = new ArrayList<>();

        private final List<StoredEvent> failed = new ArrayList<>();

        private String firstFailure;

        /**
         * Only an entry SNS lists as successful is published: one it lists nowhere (an
         * answer cut short) may not have reached the topic, so it goes out again.
         */
        void answered(List<StoredEvent> chunk, Answer answer) {
            Set<String> successful = answer.response()
                .successful()
                .stream()
                .map(PublishBatchResultEntry::id)
                .collect(Collectors.toSet());
            Map<String, BatchResultErrorEntry> refused = new HashMap<>();
            answer.response().failed().forEach(entry -> refused.put(entry.id(), entry));
            for (StoredEvent event : chunk) {
                String id = entryId(event);
                BatchResultErrorEntry error = refused.get(id);
                if (error != null) {
                    failed(List.of(event),
                            error.code() + ": " + error.message() + (error.senderFault() ? " (sender fault)" : ""));
                }
                else if (successful.contains(id)) {
                    accepted.add(event);
                    published.getOrDefault(event.eventType(), published.get(OTHER_TYPE)).increment();
                    latency.record(Duration.between(event.pendingSince(), answer.at()));
                }
                else {
                    failed(List.of(event), "SNS's answer listed entry " + id + " neither as successful nor as failed");
                }
            }
        }

        void failed(List<StoredEvent> events, String reason) {
            failed.addAll(events);
            failures.increment(events.size());
            if (firstFailure == null) {
                firstFailure = reason;
            }
        }

        Outcome outcome() {
            return new Outcome(List.copyOf(accepted), List.copyOf(failed), firstFailure);
        }

    }

    @Override
    public void close() {
        requests.shutdown();
        try {
            if (!requests.awaitTermination(publishTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("SNS requests still running at shutdown; their events go out again after the lease");
                requests.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            requests.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

}

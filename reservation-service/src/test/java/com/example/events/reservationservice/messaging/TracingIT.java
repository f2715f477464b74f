package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.events.reservationservice.IntegrationTestSupport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event is applied in the trace of the member-service request that caused it, and its
 * log lines say so, also when it is received and applied together with others.
 */
class TracingIT extends IntegrationTestSupport {

    private final Logger messagingLog = (Logger) LoggerFactory.getLogger(TracingIT.class.getPackageName());

    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();

    private Level levelBefore;

    @BeforeEach
    void captureLogLines() {
        levelBefore = messagingLog.getLevel();
        messagingLog.setLevel(Level.DEBUG);
        logLines.start();
        messagingLog.addAppender(logLines);
    }

    @AfterEach
    void stopCapturing() {
        messagingLog.detachAppender(logLines);
        messagingLog.setLevel(levelBefore);
    }

    @Test
    void anEventIsAppliedInsideASpanOfTheProducersTrace() {
        String traceId = randomHex(16);
        String producerSpanId = randomHex(8);
        UUID member = UUID.randomUUID();
        String body = registered(1, member);
        String eventId = JSON.readTree(body).path("eventId").asString();

        publish(body,
                Map.of("eventType", "MemberRegistered", "traceparent", "00-" + traceId + "-" + producerSpanId + "-01"));

        awaitReplica(member, "ACTIVE", 1);
        eventually().untilAsserted(() -> assertThat(spans.finished()).anySatisfy(span -> {
            assertThat(span.getAttributes().get(AttributeKey.stringKey(MemberEventListener.EVENT_ID_TAG)))
                .isEqualTo(eventId);
            assertThat(span.getTraceId()).isEqualTo(traceId);
            assertThat(span.getParentSpanId()).isEqualTo(producerSpanId);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        }));
        List<ILoggingEvent> captured;
        synchronized (logLines) { // the appender appends under this lock
            captured = List.copyOf(logLines.list);
        }
        List<ILoggingEvent> lines = captured.stream()
            .filter(line -> eventId.equals(line.getMDCPropertyMap().get("eventId")))
            .toList();
        assertThat(lines).isNotEmpty()
            .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsEntry("traceId", traceId)
                .containsEntry("memberId", member.toString())
                .containsEntry("sequence", "1")
                .containsEntry("eventType", "MemberRegistered"));
    }

    @Test
    void eventsReceivedTogetherAreEachAppliedInASpanOfTheirOwnProducersTrace() {
        Map<String, String> traceOfEvent = new HashMap<>();
        Map<String, String> producerSpanOfEvent = new HashMap<>();
        List<SendMessageBatchRequestEntry> together = new ArrayList<>();
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID member = UUID.randomUUID();
            members.add(member);
            String body = registered(1, member);
            String eventId = JSON.readTree(body).path("eventId").asString();
            traceOfEvent.put(eventId, randomHex(16));
            producerSpanOfEvent.put(eventId, randomHex(8));
            together.add(SendMessageBatchRequestEntry.builder()
                .id("m" + i)
                .messageBody(body)
                .messageAttributes(Map.of("eventType", text("MemberRegistered"), "traceparent",
                        text("00-" + traceOfEvent.get(eventId) + "-" + producerSpanOfEvent.get(eventId) + "-01")))
                .build());
        }

        sqs.sendMessageBatch(request -> request.queueUrl(queueUrl()).entries(together));

        members.forEach(member -> awaitReplica(member, "ACTIVE", 1));
        traceOfEvent.forEach(
                (eventId, traceId) -> eventually().untilAsserted(() -> assertThat(spans.finished()).anySatisfy(span -> {
                    assertThat(span.getAttributes().get(AttributeKey.stringKey(MemberEventListener.EVENT_ID_TAG)))
                        .isEqualTo(eventId);
                    assertThat(span.getTraceId()).isEqualTo(traceId);
                    assertThat(span.getParentSpanId()).isEqualTo(producerSpanOfEvent.get(eventId));
                    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                })));
        List<ILoggingEvent> captured;
        synchronized (logLines) {
            captured = List.copyOf(logLines.list);
        }
        traceOfEvent.forEach((eventId, traceId) -> assertThat(
                captured.stream().filter(line -> eventId.equals(line.getMDCPropertyMap().get("eventId"))).toList())
            .isNotEmpty()
            .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsEntry("traceId", traceId)));
    }

    /**
     * Deletions received together are applied in one transaction, which removes their
     * members' reservations in one statement; the line reporting each member's removal
     * still carries the trace of the deletion that caused it.
     */
    @Test
    void theLineReportingAMembersRemovedReservationsCarriesItsDeletionsTrace() {
        Logger reservationLog = (Logger) LoggerFactory.getLogger("com.example.events.reservationservice.reservation");
        ListAppender<ILoggingEvent> reservationLines = new ListAppender<>();
        reservationLines.start();
        reservationLog.addAppender(reservationLines);
        try {
            Map<UUID, String> traceOfDeletion = new HashMap<>();
            List<SendMessageBatchRequestEntry> together = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                UUID member = registerMember(1);
                Instant startsAt = Instant.parse("2030-01-01T08:00:00Z").plusSeconds(3600L * i);
                assertThat(reserve(member, "court-7", startsAt, startsAt.plusSeconds(1800)).status()).isEqualTo(201);
                traceOfDeletion.put(member, randomHex(16));
                together.add(SendMessageBatchRequestEntry.builder()
                    .id("m" + i)
                    .messageBody(deleted(2, member))
                    .messageAttributes(Map.of("eventType", text("MemberDeleted"), "traceparent",
                            text("00-" + traceOfDeletion.get(member) + "-" + randomHex(8) + "-01")))
                    .build());
            }

            sqs.sendMessageBatch(request -> request.queueUrl(queueUrl()).entries(together));

            traceOfDeletion.keySet().forEach(member -> awaitReplica(member, "DELETED", 2));
            List<ILoggingEvent> captured;
            synchronized (reservationLines) {
                captured = List.copyOf(reservationLines.list);
            }
            traceOfDeletion.forEach((member,
                    traceId) -> assertThat(captured.stream()
                        .filter(line -> line.getFormattedMessage()
                            .startsWith("Member " + member + " deleted (sequence 2): removed 1 reservation(s)"))
                        .toList()).singleElement()
                        .satisfies(line -> assertThat(line.getMDCPropertyMap()).containsEntry("traceId", traceId)
                            .containsEntry("memberId", member.toString())));
        }
        finally {
            reservationLog.detachAppender(reservationLines);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

}

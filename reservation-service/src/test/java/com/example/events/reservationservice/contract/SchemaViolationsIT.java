package com.example.events.reservationservice.contract;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.testsupport.MemberEventSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body the contract's schema rejects is never applied: it is received
 * {@code max-receive-count} times and then lies in the dead-letter queue, where an
 * operator sees it, while valid events go on being applied.
 */
class SchemaViolationsIT extends IntegrationTestSupport {

    @Test
    void bodiesThatViolateTheSchemaEndInTheDeadLetterQueue() {
        String eventId = UUID.randomUUID().toString();
        String memberId = UUID.randomUUID().toString();
        List<String> violations = List.of("""
                {"eventId": "%s", "eventType": "MemberDeleted", "schemaVersion": 1, "sequence": 7,
                 "occurredAt": "2026-11-24T09:15:00Z"}""".formatted(eventId), """
                {"eventId": "event-7", "eventType": "MemberDeleted", "schemaVersion": 1, "sequence": 7,
                 "occurredAt": "2026-11-24T09:15:00Z", "memberId": "%s"}""".formatted(memberId), """
                {"eventId": "%s", "eventType": "MemberRegistered", "schemaVersion": 1, "sequence": 7,
                 "occurredAt": "yesterday", "memberId": "%s"}""".formatted(eventId, memberId), """
                {"eventId": "%s", "eventType": "MemberRegistered", "schemaVersion": 1,
                 "occurredAt": "2026-11-24T09:15:00Z", "memberId": "%s"}""".formatted(eventId, memberId), """
                {"eventId": "%s", "eventType": "MemberSnapshot", "schemaVersion": 1, "sequence": 7,
                 "occurredAt": "2026-11-24T09:15:00Z"}""".formatted(eventId));
        for (String body : violations) {
            assertThat(MemberEventSchemas.bodyErrors(body)).as("the schema rejects " + body).isNotEmpty();
            publish(body);
        }

        UUID member = registerMember(1);

        eventually().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Response dlq = getAsAdmin("/admin/dlq");
            assertThat(dlq.status()).isEqualTo(200);
            assertThat(dlq.body().path("approximateCount").asLong()).isEqualTo(violations.size());
            assertThat(dlq.body().path("messages").valueStream().map(message -> message.path("body").asString()))
                .containsExactlyInAnyOrderElementsOf(violations);
        });
        assertThat(get("/member-replica/" + memberId).status()).as("nothing was applied for it").isEqualTo(404);
        assertThat(get("/member-replica/" + member).status()).isEqualTo(200);
    }

}

package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PoisonMessageIT extends IntegrationTestSupport {

    @Test
    void poisonMessagesEndInTheDeadLetterQueueAfterThreeReceivesWhileGoodOnesAreApplied() {
        double rejectedBefore = count(REJECTED);
        String notJson = "this is not JSON {";
        String withoutMember = """
                {"eventId": "%s", "eventType": "MemberDeleted", "schemaVersion": 1, "sequence": 7,
                 "occurredAt": "2026-11-24T09:15:00Z"}
                """.formatted(UUID.randomUUID());
        publish(notJson, "MemberRegistered");
        publish(withoutMember, "MemberDeleted");

        // good messages published after them are applied while they are being retried
        UUID member = registerMember(1);
        assertThat(messagesIn(deadLetterQueueUrl())).isZero();

        eventually().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Response dlq = getAsAdmin("/admin/dlq");
            assertThat(dlq.status()).isEqualTo(200);
            assertThat(dlq.body().path("approximateCount").asLong()).isEqualTo(2);
            assertThat(dlq.body().path("messages").valueStream().map(message -> message.path("body").asString()))
                .containsExactlyInAnyOrder(notJson, withoutMember);
            for (JsonNode message : dlq.body().path("messages")) {
                assertThat(message.path("receiveCount").asInt()).isGreaterThanOrEqualTo(3);
                assertThat(message.path("messageId").asString()).isNotBlank();
            }
        });
        // each was handed to the listener exactly three times (maxReceiveCount), then
        // dead-lettered by SQS
        assertThat(count(REJECTED) - rejectedBefore).isEqualTo(6);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());

        // and the consumer still works
        UUID another = registerMember(2);
        assertThat(get("/member-replica/" + member).status()).isEqualTo(200);
        assertThat(get("/member-replica/" + another).status()).isEqualTo(200);
    }

}

package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PoisonMessageIT extends IntegrationTestSupport {

    @AfterEach
    void acceptEveryMemberAgain() {
        jdbc.sql("drop trigger if exists refuse_member on member_replica").update();
        jdbc.sql("drop function if exists refuse_member()").update();
    }

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

    @Test
    void anEventWhoseTransactionFailsEndsAloneInTheDeadLetterQueueWhileTheOthersReceivedWithItAreApplied() {
        UUID refused = UUID.randomUUID();
        // a valid event the database refuses, as a bug or a constraint would
        jdbc.sql("""
                create function refuse_member() returns trigger language plpgsql as $$
                begin
                    if new.member_id = '%s' then
                        raise exception 'member refused';
                    end if;
                    return new;
                end $$
                """.formatted(refused)).update();
        jdbc.sql("""
                create trigger refuse_member before insert or update on member_replica
                for each row execute function refuse_member()
                """).update();
        Map<UUID, Long> accepted = new HashMap<>();
        List<SendMessageBatchRequestEntry> together = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID member = i == 2 ? refused : UUID.randomUUID();
            if (member != refused) {
                accepted.put(member, i + 1L);
            }
            together
                .add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(registered(i + 1, member)).build());
        }
        String poison = together.get(2).messageBody();

        sqs.sendMessageBatch(request -> request.queueUrl(queueUrl()).entries(together));

        accepted.forEach((member, sequence) -> awaitReplica(member, "ACTIVE", sequence));
        eventually().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Response dlq = getAsAdmin("/admin/dlq");
            assertThat(dlq.body().path("approximateCount").asLong()).isEqualTo(1);
            assertThat(dlq.body().path("messages").valueStream().map(message -> message.path("body").asString()))
                .containsExactly(poison);
        });
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
        assertThat(get("/member-replica/" + refused).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from processed_event").query(Long.class).single())
            .as("the refused event is not in the inbox")
            .isEqualTo(accepted.size());
    }

}

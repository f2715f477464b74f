package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaking change of the contract rolled out in the wrong order: member-service
 * publishes schema version 2 while reservation-service reads only version 1. The deletion
 * waits in the dead-letter queue, listed by {@code GET /admin/dlq}, with the member's
 * reservations kept; once the consumer is upgraded to a build that reads version 2, a
 * redrive applies it. The upgraded build is this one plus a {@link NewerSchemaVersion}
 * for version 2, as a real version 2 would add.
 */
class SchemaUpgradeIT extends IntegrationTestSupport {

    private static final Instant TEN = Instant.parse("2030-01-01T10:00:00Z");

    @Autowired
    MessageListenerContainerRegistry containers;

    @Test
    void aDeletionOfVersion2SentBeforeTheUpgradeIsAppliedAfterIt() {
        UUID member = registerMember(1);
        assertThat(reserve(member, "court-2", TEN, TEN.plusSeconds(3600)).status()).isEqualTo(201);
        UUID eventId = UUID.randomUUID();
        publish(ContractVersion2.body(eventId, "MemberDeleted", 2, member), "MemberDeleted");

        // before the upgrade: held back where an operator sees it, nothing applied
        eventually().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(dlqBodies(http()))
                .anySatisfy(body -> assertThat(body).contains(eventId.toString())));
        assertThat(reservationsOf(member)).isOne();
        assertThat(get("/member-replica/" + member).body().path("status").asString()).isEqualTo("ACTIVE");

        // the upgrade: the old version's consumer stops, the new version's starts
        MessageListenerContainer<?> oldVersion = containers.getContainerById(MemberEventListener.ID);
        oldVersion.stop();
        try (ConfigurableApplicationContext newVersion = AnotherInstance
            .start("spring.main.sources=" + ContractVersion2.class.getName())) {
            TestHttpClient upgraded = AnotherInstance.http(newVersion);

            assertThat(upgraded.postAsAdmin("/admin/dlq/redrive").body().path("moved").asInt()).isOne();

            awaitReplica(member, "DELETED", 2);
            eventually().untilAsserted(() -> assertThat(reservationsOf(member)).isZero());
            eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
            assertThat(messagesIn(deadLetterQueueUrl())).isZero();
            assertThat(dlqBodies(upgraded)).isEmpty();
        }
        finally {
            oldVersion.start();
        }
    }

    private static List<String> dlqBodies(TestHttpClient client) {
        TestHttpClient.Response dlq = client.getAsAdmin("/admin/dlq");
        assertThat(dlq.status()).isEqualTo(200);
        return dlq.body().path("messages").valueStream().map(message -> message.path("body").asString()).toList();
    }

}

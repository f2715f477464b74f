package com.example.events.reservationservice.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds the contract's own files, byte for byte, to the consumer: the same files
 * member-service's tests hold its published events against, so producer and consumer
 * cannot drift apart unnoticed.
 */
class ContractFixturesIT extends IntegrationTestSupport {

    static final Path CONTRACT = Path.of("..", "contracts", "member-events");

    @Test
    void theDocumentedEventsAreAppliedAsDocumented() throws IOException {
        String registered = Files.readString(CONTRACT.resolve("member-registered.json"));
        String deleted = Files.readString(CONTRACT.resolve("member-deleted.json"));
        UUID member = UUID.fromString(JSON.readTree(registered).path("memberId").asString());
        assertThat(JSON.readTree(deleted).path("memberId").asString()).isEqualTo(member.toString());

        publish(registered);
        awaitReplica(member, "ACTIVE", JSON.readTree(registered).path("sequence").asLong());
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        assertThat(reserve(member, "court-7", start, start.plusSeconds(1800)).status()).isEqualTo(201);

        publish(deleted);
        awaitReplica(member, "DELETED", JSON.readTree(deleted).path("sequence").asLong());
        assertThat(reservationsOf(member)).isZero();
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    @Test
    void theDocumentedSnapshotMakesAMemberUnknownHereActive() throws IOException {
        String snapshot = Files.readString(CONTRACT.resolve("member-snapshot.json"));
        UUID member = UUID.fromString(JSON.readTree(snapshot).path("memberId").asString());
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        assertThat(reserve(member, "court-7", start, start.plusSeconds(1800)).status()).isEqualTo(422);

        publish(snapshot);

        awaitReplica(member, "ACTIVE", JSON.readTree(snapshot).path("sequence").asLong());
        assertThat(reserve(member, "court-7", start, start.plusSeconds(1800)).status()).isEqualTo(201);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

}

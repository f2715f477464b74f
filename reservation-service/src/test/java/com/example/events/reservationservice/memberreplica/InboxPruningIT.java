package com.example.events.reservationservice.memberreplica;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.DatabaseBehindProxy;
import com.example.events.reservationservice.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The inbox forgets event ids after the retention (seven days here), forgetting them is
 * harmless, and a database that is away only puts the forgetting off.
 */
class InboxPruningIT extends IntegrationTestSupport {

    @Autowired
    InboxPruning pruning;

    @Test
    void idsOlderThanTheRetentionArePrunedRecentOnesKept() {
        int old = 2 * InboxPruning.BATCH_SIZE + 500;
        jdbc.sql("insert into processed_event select gen_random_uuid(), ? from generate_series(1, ?)")
            .params(Timestamp.from(Instant.now().minus(Duration.ofDays(8))), old)
            .update();
        List<UUID> kept = List.of(processedAgo(Duration.ofDays(6)), processedAgo(Duration.ofHours(1)),
                processedAgo(Duration.ZERO));

        assertThat(pruning.prune()).isEqualTo(old);

        assertThat(jdbc.sql("select event_id from processed_event").query(UUID.class).list())
            .containsExactlyInAnyOrderElementsOf(kept);
        assertThat(pruning.prune()).isZero();
    }

    @Test
    void anEventRedeliveredAfterItsIdWasPrunedChangesNothing() {
        UUID member = UUID.randomUUID();
        String registration = registered(1, member);
        publish(registration);
        awaitReplica(member, "ACTIVE", 1);
        publish(deleted(2, member));
        awaitReplica(member, "DELETED", 2);
        jdbc.sql("update processed_event set processed_at = processed_at - interval '8 days'").update();
        assertThat(pruning.prune()).isEqualTo(2);
        double staleBefore = count(APPLIED, "eventType", "MemberRegistered", "outcome", "stale");

        publish(registration); // the very same event, e.g. redriven from the dead-letter
                               // queue

        eventually().untilAsserted(
                () -> assertThat(count(APPLIED, "eventType", "MemberRegistered", "outcome", "stale") - staleBefore)
                    .isEqualTo(1));
        awaitReplica(member, "DELETED", 2);
        String eventId = JSON.readTree(registration).path("eventId").asString();
        assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?::uuid")
            .param(eventId)
            .query(Long.class)
            .single()).as("remembered again").isEqualTo(1);
    }

    @Test
    void aScheduledPruneWhileTheDatabaseIsAwayLeavesItToTheNextOne() {
        String name = "pruning-" + UUID.randomUUID().toString().substring(0, 8);
        try (DatabaseBehindProxy database = DatabaseBehindProxy.start();
                ConfigurableApplicationContext instance = AnotherInstance.start(database.datasourceUrl(),
                        "messaging.topic-name=" + name, "messaging.queue-name=" + name,
                        "messaging.dead-letter-queue-name=" + name + "-dlq")) {
            InboxPruning scheduled = instance.getBean(InboxPruning.class);
            UUID old = processedAgo(Duration.ofDays(8));
            database.cut();

            // the scheduler logs what a scheduled task throws as an unexpected error
            assertThatNoException().isThrownBy(scheduled::pruneOnSchedule);

            database.restore();
            eventually().untilAsserted(() -> {
                scheduled.pruneOnSchedule();
                assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?")
                    .param(old)
                    .query(Long.class)
                    .single()).isZero();
            });
        }
    }

    private UUID processedAgo(Duration age) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("insert into processed_event (event_id, processed_at) values (?, ?)")
            .params(eventId, Timestamp.from(Instant.now().minus(age)))
            .update();
        return eventId;
    }

}

package com.example.events.memberservice.eventlog;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.TopicSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log's promise to a consumer that starts from nothing: after compaction has dropped
 * what it may, a replay from 0 still gives it every existing member and no deleted one as
 * existing, and nothing still pending was lost. The consumer is a queue of its own,
 * subscribed by the contract's filter convention under the name {@code newcomer}, and its
 * replica is what the events it receives say.
 */
class CompactedLogReplayIT extends OutboxIntegrationTestSupport {

    private static final String BEYOND_RETENTION = "40 days";

    static TopicSubscription newcomer;

    @Autowired
    EventLogCompaction compaction;

    @BeforeAll
    static void subscribe() {
        newcomer = TopicSubscription.subscribeAs(TestInfrastructure.broker(), "member-events", "newcomer");
    }

    @AfterAll
    static void unsubscribe() {
        newcomer.close();
    }

    @Test
    void aConsumerStartingEmptyGetsEveryExistingMemberFromAReplayFromZero() {
        UUID stayed = register("Stayed", "stayed@example.com");
        UUID alsoStayed = register("Also Stayed", "also-stayed@example.com");
        UUID leftLongAgo = register("Left Long Ago", "left-long-ago@example.com");
        UUID leftRecently = register("Left Recently", "left-recently@example.com");
        UUID leaving = register("Leaving", "leaving@example.com");
        delete(leftLongAgo);
        awaitNothingPending();
        backDate("true");
        delete(leftRecently);
        awaitNothingPending();

        UUID waiting;
        relay.stop();
        try {
            waiting = register("Waiting", "waiting@example.com");
            delete(leaving);
            backDate("published_at is null");
            assertThat(database.pendingEvents()).isEqualTo(2);

            assertThat(compaction.compact()).as("""
                    dropped: both events of the member deleted long ago, and the registrations of the members \
                    deleted since""").isEqualTo(4);

            newcomer.drain(SubscribedQueue.QUIET);
            var replay = api.asAdmin("POST", "/admin/events/replay",
                    Map.of("fromSequence", 0, "subscriber", "newcomer"));
            assertThat(replay.getStatusCode().value()).isEqualTo(202);
            assertThat(replay.getBody().get("replayed").asInt()).isEqualTo(5);
        }
        finally {
            relay.start();
        }

        List<Message> received = newcomer.receive(5, Duration.ofSeconds(30));
        received.addAll(newcomer.drain(Duration.ofSeconds(1)));
        Map<UUID, String> replica = replica(received);
        List<UUID> existing = jdbc.sql("select id from member").query(UUID.class).list();
        assertThat(existing).containsExactlyInAnyOrder(stayed, alsoStayed, waiting);
        existing.forEach(member -> assertThat(replica.get(member)).as("existing member " + member).isEqualTo("ACTIVE"));
        assertThat(replica).as("no deleted member is active")
            .doesNotContainEntry(leftLongAgo, "ACTIVE")
            .containsEntry(leftRecently, "DELETED")
            .containsEntry(leaving, "DELETED");
        awaitNothingPending();
    }

    /**
     * What a consumer that applies every event once, newest per member winning, ends
     * with.
     */
    private Map<UUID, String> replica(List<Message> messages) {
        Map<UUID, JsonNode> newest = new HashMap<>();
        for (JsonNode event : bodies(messages)) {
            newest.merge(UUID.fromString(event.get("memberId").asString()), event,
                    (known, other) -> other.get("sequence").asLong() > known.get("sequence").asLong() ? other : known);
        }
        Map<UUID, String> replica = new HashMap<>();
        newest.forEach((member, event) -> replica.put(member,
                "MemberDeleted".equals(event.get("eventType").asString()) ? "DELETED" : "ACTIVE"));
        return replica;
    }

    private void delete(UUID member) {
        assertThat(api.delete("/members/" + member).getStatusCode().value()).isEqualTo(204);
    }

    private void backDate(String which) {
        jdbc.sql("update event_log set occurred_at = occurred_at - interval '" + BEYOND_RETENTION + "', "
                + "published_at = published_at - interval '" + BEYOND_RETENTION + "' where " + which)
            .update();
    }

}

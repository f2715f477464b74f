package com.example.events.memberservice.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.testsupport.SubscribedQueue;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/events/backfill} and {@code GET /admin/events/backfill}: every
 * member into the event log and onto the topic as a {@code MemberSnapshot}, once; one at
 * a time; a failed or finished one may be started again.
 */
class BackfillIT extends BackfillIntegrationTestSupport {

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Autowired
    BackfillRunner runner;

    @Test
    void idleWhenNoneEverRan() {
        var response = api.asAdmin("GET", "/admin/events/backfill", null);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode status = response.getBody();
        assertThat(status.propertyNames()).containsExactlyInAnyOrder("state", "scanned", "emitted", "startedAt",
                "finishedAt");
        assertThat(status.get("state").asString()).isEqualTo("IDLE");
        assertThat(status.get("scanned").asLong()).isZero();
        assertThat(status.get("emitted").asLong()).isZero();
        assertThat(status.get("startedAt").isNull()).isTrue();
        assertThat(status.get("finishedAt").isNull()).isTrue();
        assertThat(api.get("/admin/events/backfill").getStatusCode().value()).as("admin only").isEqualTo(401);
    }

    @Test
    void snapshotsEveryMemberOnceOntoTheTopic() {
        List<UUID> members = insertMembers(1_234);
        double emittedBefore = emittedHere();

        var response = startBackfill(api, Map.of("chunkSize", 100));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody().get("state").asString()).isEqualTo("RUNNING");
        assertThat(response.getBody().get("scanned").asLong()).isZero();
        assertThat(response.getBody().get("finishedAt").isNull()).isTrue();
        Instant startedAt = Instant.parse(response.getBody().get("startedAt").asString());
        JsonNode done = awaitBackfill(api, "DONE", Duration.ofSeconds(60));
        assertThat(done.get("scanned").asLong()).isEqualTo(members.size());
        assertThat(done.get("emitted").asLong()).isEqualTo(members.size());
        assertThat(Instant.parse(done.get("startedAt").asString())).isEqualTo(startedAt);
        assertThat(Instant.parse(done.get("finishedAt").asString())).isAfterOrEqualTo(startedAt);
        assertThat(withoutExactlyOneSnapshot(members)).isEmpty();
        assertThat(snapshots()).isEqualTo(members.size());
        assertThat(emittedHere() - emittedBefore).isEqualTo(members.size());
        assertThat(api.text("/actuator/prometheus").getBody()).contains("backfill_members_emitted_total");

        List<Message> published = subscription.receive(members.size(), Duration.ofSeconds(60));
        published.addAll(subscription.drain(Duration.ofSeconds(1)));
        assertThat(published).hasSize(members.size())
            .allSatisfy(message -> assertThat(message.messageAttributes().get("eventType").stringValue())
                .isEqualTo("MemberSnapshot"))
            .allSatisfy(message -> assertThat(message.messageAttributes()).as("for everyone")
                .doesNotContainKey("replayFor"));
        assertThat(bodies(published)).extracting(event -> UUID.fromString(event.get("memberId").asString()))
            .containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void aSecondBackfillWhileOneRunsIsRefusedAndAFinishedOneMayBeStartedAgain() {
        insertMembers(50);
        ResponseEntity<JsonNode> second;
        // stopped, this instance holds the backfill it starts without running it
        runner.stop();
        try {
            assertThat(startBackfill(api, Map.of()).getStatusCode().value()).isEqualTo(202);

            second = startBackfill(api, Map.of("chunkSize", 10));

            assertThat(api.asAdmin("GET", "/admin/events/backfill", null).getBody().get("state").asString())
                .isEqualTo("RUNNING");
        }
        finally {
            runner.start();
        }
        assertThat(second.getStatusCode().value()).isEqualTo(409);
        assertThat(second.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(second.getBody().get("type").asString()).isEqualTo("/problems/backfill-running");
        assertThat(awaitBackfill(api, "DONE", Duration.ofSeconds(30)).get("scanned").asLong()).isEqualTo(50);

        var again = startBackfill(api, Map.of("chunkSize", 7));
        assertThat(again.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getBody().get("scanned").asLong()).as("a fresh run").isZero();
        assertThat(awaitBackfill(api, "DONE", Duration.ofSeconds(30)).get("scanned").asLong()).isEqualTo(50);
        assertThat(snapshots()).as("one snapshot per member and run").isEqualTo(100);
    }

    @Test
    void aChunkThatFailsEndsTheBackfillFailedAndItMayBeStartedAgain() {
        List<UUID> members = insertMembers(30);
        jdbc.sql("""
                create function refuse_snapshots() returns trigger language plpgsql as $$
                begin
                    raise exception 'snapshots refused by the test';
                end $$
                """).update();
        jdbc.sql("""
                create trigger refuse_snapshots before insert on event_log for each row
                when (new.event_type = 'MemberSnapshot') execute function refuse_snapshots()
                """).update();
        try {
            assertThat(startBackfill(api, Map.of("chunkSize", 10)).getStatusCode().value()).isEqualTo(202);

            JsonNode failed = awaitBackfill(api, "FAILED", Duration.ofSeconds(30));

            assertThat(failed.get("emitted").asLong()).isZero();
            assertThat(failed.get("finishedAt").isNull()).isFalse();
            assertThat(jdbc.sql("select failure from backfill").query(String.class).single())
                .contains("snapshots refused by the test");
        }
        finally {
            jdbc.sql("drop trigger refuse_snapshots on event_log").update();
            jdbc.sql("drop function refuse_snapshots()").update();
        }

        assertThat(startBackfill(api, Map.of("chunkSize", 10)).getStatusCode().value()).isEqualTo(202);
        assertThat(awaitBackfill(api, "DONE", Duration.ofSeconds(30)).get("emitted").asLong())
            .isEqualTo(members.size());
    }

    @Test
    void aChunkSizeOutsideOneToTheMaximumIsRefused() {
        for (Object chunkSize : List.of(0, -5, 10_001, "many")) {
            var response = startBackfill(api, Map.of("chunkSize", chunkSize));
            assertThat(response.getStatusCode().value()).as(chunkSize.toString()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().get("type").asString()).isEqualTo("/problems/validation");
            assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("chunkSize");
        }
        assertThat(response415()).isEqualTo(415);
        assertThat(api.asAdmin("/admin/events/backfill", MediaType.APPLICATION_JSON, "").getStatusCode().value())
            .isEqualTo(400);
        assertThat(api.post("/admin/events/backfill", Map.of()).getStatusCode().value()).as("admin only")
            .isEqualTo(401);
        assertThat(api.asAdmin("GET", "/admin/events/backfill", null).getBody().get("state").asString())
            .as("nothing started")
            .isEqualTo("IDLE");
    }

    private int response415() {
        return api.asAdmin("/admin/events/backfill", MediaType.APPLICATION_FORM_URLENCODED, "chunkSize=10")
            .getStatusCode()
            .value();
    }

    private double emittedHere() {
        return meters.find("backfill.members.emitted").counters().stream().mapToDouble(Counter::count).sum();
    }

}

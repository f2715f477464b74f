package com.example.events.memberservice.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.OutboxIntegrationTestSupport;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the backfill's tests share: members that predate the event log, starting a
 * backfill and waiting for it, and reading what it appended.
 */
abstract class BackfillIntegrationTestSupport extends OutboxIntegrationTestSupport {

    /**
     * Members written straight into the table, without events, as members that predate
     * the event log are.
     */
    protected List<UUID> insertMembers(int count) {
        return jdbc.sql("""
                insert into member (id, name, email, created_at)
                select gen_random_uuid(), 'Member ' || i, 'member-' || i || '-' || gen_random_uuid() || '@example.com',
                       now()
                from generate_series(1, :count) i
                returning id
                """).param("count", count).query(UUID.class).list();
    }

    protected static ResponseEntity<JsonNode> startBackfill(MemberApi on, Map<String, Object> body) {
        return on.asAdmin("POST", "/admin/events/backfill", body);
    }

    protected static JsonNode awaitBackfill(MemberApi on, String state, Duration atMost) {
        JsonNode[] status = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            status[0] = on.asAdmin("GET", "/admin/events/backfill", null).getBody();
            assertThat(status[0].get("state").asString()).isEqualTo(state);
        });
        return status[0];
    }

    protected long scanned() {
        return jdbc.sql("select scanned from backfill order by id desc limit 1").query(Long.class).single();
    }

    protected long snapshots() {
        return jdbc.sql("select count(*) from event_log where event_type = 'MemberSnapshot'")
            .query(Long.class)
            .single();
    }

    /** Members with more than one snapshot. */
    protected List<UUID> snapshottedTwice() {
        return jdbc.sql("""
                select member_id from event_log where event_type = 'MemberSnapshot'
                group by member_id having count(*) > 1
                """).query(UUID.class).list();
    }

    /** Members of {@code members} without exactly one snapshot. */
    protected List<UUID> withoutExactlyOneSnapshot(List<UUID> members) {
        return jdbc.sql("""
                select member.id from unnest(cast(:members as uuid[])) as member(id)
                where (select count(*) from event_log
                       where event_log.member_id = member.id and event_type = 'MemberSnapshot') <> 1
                """)
            .param("members", members.stream().map(UUID::toString).toArray(String[]::new))
            .query(UUID.class)
            .list();
    }

}

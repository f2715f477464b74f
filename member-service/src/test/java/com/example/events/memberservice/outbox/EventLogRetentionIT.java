package com.example.events.memberservice.outbox;

import java.util.UUID;

import com.example.events.memberservice.Database;
import com.example.events.memberservice.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention forgets old published events and never a pending one; sequences go on
 * increasing.
 */
@IntegrationTest(properties = "outbox.relay.enabled=false")
class EventLogRetentionIT {

    @Autowired
    EventLog eventLog;

    @Autowired
    EventLogRetention retention;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    @Test
    void deletesOnlyPublishedEventsOlderThanTheRetention() {
        var database = new Database(jdbc);
        database.clear();
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < 3; i++) {
                eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID());
            }
        });
        // one published long ago, one published just now, one never published
        jdbc.sql("""
                update event_log set published_at = case
                    when sequence = (select min(sequence) from event_log) then now() - interval '31 days'
                    when sequence = (select max(sequence) from event_log) then null
                    else now() end
                """).update();
        long lastSequence = jdbc.sql("select max(sequence) from event_log").query(Long.class).single();

        assertThat(retention.deleteExpired()).isEqualTo(1);

        assertThat(database.events()).isEqualTo(2);
        assertThat(database.pendingEvents()).isEqualTo(1);
        transaction.executeWithoutResult(status -> eventLog.append(MemberEventType.MemberDeleted, UUID.randomUUID()));
        assertThat(jdbc.sql("select max(sequence) from event_log").query(Long.class).single())
            .isGreaterThan(lastSequence);
    }

}

package com.example.events.memberservice;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Direct reads of the service's tables, to check what a request did or did not change.
 */
public record Database(JdbcClient jdbc) {

    public void clear() {
        jdbc.sql("truncate member, event_log, backfill").update();
    }

    public long members() {
        return jdbc.sql("select count(*) from member").query(Long.class).single();
    }

    public long events() {
        return jdbc.sql("select count(*) from event_log").query(Long.class).single();
    }

    public long pendingEvents() {
        return jdbc.sql("select count(*) from event_log where published_at is null").query(Long.class).single();
    }
}

package com.example.events.memberservice.eventlog;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored event as an operator looks at it (GET /admin/events): where it is in the log,
 * whether it is out yet, and the trace it belongs to.
 *
 * @param publishedAt null while it waits to be published (again)
 * @param traceId the trace of the request that caused it; null when none was active
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LoggedEvent(long sequence, UUID eventId, String eventType, UUID memberId, Instant occurredAt,
        Instant publishedAt, State state, String traceId) {

    enum State {

        PENDING, PUBLISHED

    }

    /**
     * @param traceparent W3C: version-traceid-spanid-flags
     */
    static LoggedEvent of(long sequence, UUID eventId, String eventType, UUID memberId, Instant occurredAt,
            Instant publishedAt, String traceparent) {
        return new LoggedEvent(sequence, eventId, eventType, memberId, occurredAt, publishedAt,
                publishedAt == null ? State.PENDING : State.PUBLISHED,
                traceparent == null ? null : traceparent.split("-")[1]);
    }

}

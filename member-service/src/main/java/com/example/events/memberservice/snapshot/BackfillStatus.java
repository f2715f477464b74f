package com.example.events.memberservice.snapshot;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The latest backfill, as GET and POST /admin/events/backfill answer it.
 *
 * @param scanned members read so far
 * @param emitted {@code MemberSnapshot} events appended so far; every member read is
 * emitted, as it is read under the lock that keeps it from being deleted meanwhile
 * @param startedAt null when no backfill ever ran
 * @param finishedAt null until it is done or failed
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BackfillStatus(State state, long scanned, long emitted, Instant startedAt, Instant finishedAt) {

    static final BackfillStatus IDLE = new BackfillStatus(State.IDLE, 0, 0, null, null);

    enum State {

        /** No backfill ever ran. */
        IDLE,

        RUNNING,

        DONE,

        /** A chunk failed for a reason other than the database being unavailable. */
        FAILED

    }

}

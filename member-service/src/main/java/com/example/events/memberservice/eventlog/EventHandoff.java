package com.example.events.memberservice.eventlog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the event log hands what it appends to the relay of its own instance without a
 * round trip: an event appended while the relay has room is inserted already claimed for
 * it ({@code claimed_until}), so no other relay's poll takes it while the lease lasts,
 * and is handed over in memory once its transaction has committed. Whatever is not handed
 * over (the relay stopped, backing off or full; a replay) waits in the log for a poll.
 */
public interface EventHandoff {

    /**
     * Asked in the appending transaction, before the insert.
     * @return the lease to insert an event under for this instance's relay, or empty when
     * the relay takes none now
     */
    Optional<Duration> reservation();

    /**
     * After the appending transaction committed.
     * @param reserved the events it inserted under {@link #reservation()}; empty when
     * what it made due (events the relay had no room for, a replay's batch) is for a poll
     * to find
     */
    void committed(List<StoredEvent> reserved);

}

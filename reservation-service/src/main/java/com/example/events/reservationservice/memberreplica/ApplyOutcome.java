package com.example.events.reservationservice.memberreplica;

/** What applying one event did to the replica. */
public enum ApplyOutcome {

    /** the replica now reflects the event */
    APPLIED,
    /** the replica already holds a newer event for this member; nothing changed */
    STALE,
    /** this event id was processed before; nothing changed */
    DUPLICATE

}

package com.example.events.reservationservice.memberreplica;

/**
 * What this service knows of a member: registered or announced by a snapshot, and not
 * (yet, as far as events tell) deleted; or deleted.
 */
public enum MemberStatus {

    ACTIVE, DELETED

}

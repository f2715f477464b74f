package com.example.events.reservationservice.memberreplica;

import java.util.UUID;

record MemberReplicaResponse(UUID memberId, MemberStatus status, long lastSequence) {

    static MemberReplicaResponse of(MemberReplica replica) {
        return new MemberReplicaResponse(replica.memberId(), replica.status(), replica.lastSequence());
    }
}

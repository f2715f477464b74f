package com.example.events.reservationservice.memberreplica;

import java.util.List;
import java.util.UUID;

/** The ACTIVE members of one bucket of {@link MemberReplicaDigest}, in order. */
record MemberReplicaBucket(String bucket, List<UUID> memberIds) {
}

package com.example.events.reservationservice.memberreplica;

import java.time.Instant;
import java.util.UUID;

record MemberReplica(UUID memberId, MemberStatus status, long lastSequence, Instant updatedAt) {
}

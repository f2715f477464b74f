package com.example.events.reservationservice.memberreplica;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * For whatever must not outlive a member's deletion: reads the member's status under a
 * lock that the deletion also takes, held until the caller's transaction ends. A change
 * committed under it either commits before the deletion starts (and is then removed by
 * it) or sees the member DELETED.
 */
@Component
public class MemberReplicaLock {

    private final MemberReplicaRepository replicas;

    MemberReplicaLock(MemberReplicaRepository replicas) {
        this.replicas = replicas;
    }

    /**
     * @return the member's status, empty when no event about the member has arrived
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<MemberStatus> lockStatus(UUID memberId) {
        return replicas.findStatusForShare(memberId);
    }

}

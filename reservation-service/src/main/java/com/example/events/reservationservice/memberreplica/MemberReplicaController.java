package com.example.events.reservationservice.memberreplica;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What this service has learned about a member from events; it never asks member-service. */
@RestController
class MemberReplicaController {

    private final MemberReplicaRepository replicas;

    MemberReplicaController(MemberReplicaRepository replicas) {
        this.replicas = replicas;
    }

    @GetMapping("/member-replica/{memberId}")
    MemberReplicaResponse get(@PathVariable UUID memberId) {
        return replicas.find(memberId).map(MemberReplicaResponse::of)
            .orElseThrow(() -> new MemberReplicaNotFoundException(memberId));
    }
}

package com.example.events.reservationservice.memberreplica;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What this service has learned about a member from events; it never asks member-service.
 */
@RestController
@Tag(name = "Member replica")
@ApiResponse(responseCode = "503", ref = "DatabaseUnavailable")
class MemberReplicaController {

    private final MemberReplicaRepository replicas;

    MemberReplicaController(MemberReplicaRepository replicas) {
        this.replicas = replicas;
    }

    @GetMapping("/member-replica/{memberId}")
    @Operation(summary = "What this service has learned about a member from events",
            description = "status is ACTIVE or DELETED; lastSequence is the sequence of the last event applied.")
    @ApiResponse(responseCode = "200", description = "Known here", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "replica", ref = "#/components/examples/MemberReplica")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "404", ref = "MemberReplicaNotFound")
    MemberReplicaResponse get(@PathVariable UUID memberId) {
        return replicas.find(memberId)
            .map(MemberReplicaResponse::of)
            .orElseThrow(() -> new MemberReplicaNotFoundException(memberId));
    }

}

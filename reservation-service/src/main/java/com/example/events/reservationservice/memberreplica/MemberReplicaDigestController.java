package com.example.events.reservationservice.memberreplica;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin only (the platform guards /admin/**): the replica's ACTIVE members as digests per
 * bucket, for comparing them with member-service's members (ops/reconcile,
 * docs/operating.md).
 */
@RestController
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
@ApiResponse(responseCode = "401", ref = "Unauthorized")
@ApiResponse(responseCode = "503", ref = "DatabaseUnavailable")
class MemberReplicaDigestController {

    private final MemberReplicaDigests digests;

    MemberReplicaDigestController(MemberReplicaDigests digests) {
        this.digests = digests;
    }

    @GetMapping("/admin/member-replica/digest")
    @Operation(summary = "The replica's ACTIVE members, as a digest per bucket",
            description = "A member's bucket is the first two hex digits of md5 of its id as lowercase text (00 to "
                    + "ff); a bucket's digest is md5 of its ACTIVE member ids in order, joined by ','. Non-empty "
                    + "buckets only, in order; member-service digests its members the same way.")
    @ApiResponse(responseCode = "200", description = "The digests", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "digest",
                    value = """
                            {"members": 2, "buckets": [{"bucket": "43", "members": 1, "digest": "432df27d5186bec08fa6c91bb52b3cc0"},
                             {"bucket": "fe", "members": 1, "digest": "fe2bf724b4413f55e4d21c729316e4e3"}]}""")))
    MemberReplicaDigest digest() {
        return digests.digest();
    }

    @GetMapping("/admin/member-replica/digest/{bucket}")
    @Operation(summary = "The ACTIVE member ids of one bucket, in order")
    @ApiResponse(responseCode = "200", description = "The bucket's ACTIVE member ids", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "bucket", value = """
                    {"bucket": "43", "memberIds": ["0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08"]}""")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    MemberReplicaBucket bucket(@PathVariable @Pattern(regexp = "^[0-9a-f]{2}$",
            message = "must be two lowercase hex digits, 00 to ff") String bucket) {
        return digests.bucket(bucket);
    }

}

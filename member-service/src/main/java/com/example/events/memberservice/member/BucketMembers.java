package com.example.events.memberservice.member;

import java.util.List;
import java.util.UUID;

/** The members of one bucket of {@link MemberDigest}, in order. */
record BucketMembers(String bucket, List<UUID> memberIds) {
}

package com.example.events.memberservice.member;

import java.time.Instant;
import java.util.UUID;

record MemberResponse(UUID id, String name, String email, Instant createdAt) {

    static MemberResponse of(Member member) {
        return new MemberResponse(member.getId(), member.getName(), member.getEmail(), member.getCreatedAt());
    }
}

package com.example.events.memberservice.member;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MemberRepository extends JpaRepository<Member, UUID> {

    @Query("select count(m) > 0 from Member m where lower(m.email) = lower(:email)")
    boolean existsByEmailIgnoringCase(String email);

}

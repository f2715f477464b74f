package com.example.events.memberservice.member;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MemberRepository extends JpaRepository<Member, UUID> {

    @Query("select count(m) > 0 from Member m where lower(m.email) = lower(:email)")
    boolean existsByEmailIgnoringCase(String email);

    /**
     * One statement, so that of two concurrent deletions of a member exactly one deletes
     * it (the other waits for its row lock and finds nothing); SQL rather than JPQL,
     * which Hibernate translates anew on every call.
     * @return the number of members deleted, 0 or 1
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "delete from member where id = :id", nativeQuery = true)
    int deleteMember(UUID id);

}

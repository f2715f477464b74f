package com.example.events.memberservice.member;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.example.events.memberservice.outbox.EventLog;
import com.example.events.memberservice.outbox.MemberEventType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registering and deleting members; each change and its event are committed together or not at all. */
@Service
class Members {

    private final MemberRepository repository;
    private final EventLog eventLog;
    private final Clock clock;

    Members(MemberRepository repository, EventLog eventLog, Clock clock) {
        this.repository = repository;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    @Transactional
    Member register(RegisterMemberRequest request) {
        String email = request.email().strip();
        if (repository.existsByEmailIgnoringCase(email)) {
            throw new DuplicateEmailException(email);
        }
        Member member = new Member(request.name().strip(), email, now());
        try {
            repository.saveAndFlush(member);
        }
        catch (DataIntegrityViolationException ex) {
            // lost a race with a concurrent registration of the same address
            throw new DuplicateEmailException(email);
        }
        eventLog.append(MemberEventType.MemberRegistered, member.getId());
        return member;
    }

    @Transactional
    void delete(UUID id) {
        Member member = repository.findById(id).orElseThrow(() -> new MemberNotFoundException(id));
        repository.delete(member);
        eventLog.append(MemberEventType.MemberDeleted, id);
    }

    @Transactional(readOnly = true)
    Member get(UUID id) {
        return repository.findById(id).orElseThrow(() -> new MemberNotFoundException(id));
    }

    @Transactional(readOnly = true)
    Page<Member> page(Pageable pageable) {
        return repository.findAll(pageable);
    }

    // PostgreSQL keeps microseconds; truncating here makes the answer equal what a later read returns.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

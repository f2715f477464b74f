package com.example.events.memberservice.member;

import java.time.Clock;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering and deleting members. Each change is announced as a
 * {@link MemberRegistered} or {@link MemberDeleted} inside its transaction, so whoever
 * records it commits together with the change or not at all.
 */
@Service
class Members {

    private final MemberRepository repository;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    Members(MemberRepository repository, ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    Member register(RegisterMemberRequest request) {
        String email = request.email().strip();
        if (repository.existsByEmailIgnoringCase(email)) {
            throw new DuplicateEmailException(email);
        }
        Member member = new Member(request.name().strip(), email, clock.instant());
        try {
            repository.saveAndFlush(member);
        }
        catch (DataIntegrityViolationException ex) {
            // lost a race with a concurrent registration of the same address
            throw new DuplicateEmailException(email);
        }
        events.publishEvent(new MemberRegistered(member.getId()));
        return member;
    }

    @Transactional
    void delete(UUID id) {
        if (repository.deleteMember(id) == 0) {
            throw new MemberNotFoundException(id);
        }
        events.publishEvent(new MemberDeleted(id));
    }

    @Transactional(readOnly = true)
    Member get(UUID id) {
        return repository.findById(id).orElseThrow(() -> new MemberNotFoundException(id));
    }

    @Transactional(readOnly = true)
    Page<Member> page(Pageable pageable) {
        return repository.findAll(pageable);
    }

}

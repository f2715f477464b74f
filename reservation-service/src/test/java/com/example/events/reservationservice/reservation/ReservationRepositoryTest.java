package com.example.events.reservationservice.reservation;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.events.reservationservice.reservation.ReservationRepository.RemovedReservations;
import com.example.events.testsupport.TestInfrastructureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The constraints the migration puts on reservations, against the real PostgreSQL. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(TestInfrastructureConfiguration.class)
class ReservationRepositoryTest {

    private static final Instant TEN = Instant.parse("2030-01-01T10:00:00Z");

    @Autowired
    ReservationRepository repository;

    @Autowired
    JdbcClient jdbc;

    private UUID member;

    @BeforeEach
    void aMember() {
        member = UUID.randomUUID();
        jdbc.sql(
                "insert into member_replica (member_id, status, last_sequence, updated_at) values (?, 'ACTIVE', 1, now())")
            .param(member)
            .update();
    }

    @Test
    void overlappingReservationsOfOneResourceAreRefusedByTheDatabase() {
        repository.saveAndFlush(reservation("court-1", TEN, TEN.plusSeconds(3600)));

        assertThatThrownBy(
                () -> repository.saveAndFlush(reservation("court-1", TEN.plusSeconds(3599), TEN.plusSeconds(7200))))
            .isInstanceOf(DataIntegrityViolationException.class)
            .satisfies(ex -> assertThat(sqlState(ex)).isEqualTo("23P01"));
    }

    @Test
    void backToBackAndOtherResourcesDoNotOverlap() {
        repository.saveAndFlush(reservation("court-1", TEN, TEN.plusSeconds(3600)));
        repository.saveAndFlush(reservation("court-1", TEN.plusSeconds(3600), TEN.plusSeconds(7200)));
        repository.saveAndFlush(reservation("court-1", TEN.minusSeconds(3600), TEN));
        repository.saveAndFlush(reservation("court-2", TEN, TEN.plusSeconds(3600)));

        assertThat(repository.countByMemberId(member)).isEqualTo(4);
    }

    @Test
    void endsAtMustBeAfterStartsAt() {
        assertThatThrownBy(() -> repository.saveAndFlush(reservation("court-1", TEN, TEN)))
            .isInstanceOf(DataIntegrityViolationException.class)
            .satisfies(ex -> assertThat(sqlState(ex)).isEqualTo("23514"));
    }

    @Test
    void aReservationNeedsAMemberKnownToTheReplica() {
        var orphan = new Reservation(UUID.randomUUID(), "court-1", TEN, TEN.plusSeconds(60), TEN);
        assertThatThrownBy(() -> repository.saveAndFlush(orphan)).isInstanceOf(DataIntegrityViolationException.class)
            .satisfies(ex -> assertThat(sqlState(ex)).isEqualTo("23503"));
    }

    @Test
    void deletingMembersReservationsLeavesOthers() {
        UUID other = UUID.randomUUID();
        UUID alsoDeleted = UUID.randomUUID();
        for (UUID id : List.of(other, alsoDeleted)) {
            jdbc.sql(
                    "insert into member_replica (member_id, status, last_sequence, updated_at) values (?, 'ACTIVE', 2, now())")
                .param(id)
                .update();
        }
        repository.saveAndFlush(reservation("court-1", TEN, TEN.plusSeconds(60)));
        repository.saveAndFlush(reservation("court-2", TEN, TEN.plusSeconds(60)));
        repository.saveAndFlush(new Reservation(other, "court-3", TEN, TEN.plusSeconds(60), TEN));
        repository.saveAndFlush(new Reservation(alsoDeleted, "court-4", TEN, TEN.plusSeconds(60), TEN));

        assertThat(repository.deleteAllOfMembers(Set.of(member, alsoDeleted)))
            .extracting(RemovedReservations::getMemberId, RemovedReservations::getRemoved)
            .containsExactlyInAnyOrder(tuple(member, 2L), tuple(alsoDeleted, 1L));

        assertThat(repository.countByMemberId(member)).isZero();
        assertThat(repository.countByMemberId(alsoDeleted)).isZero();
        assertThat(repository.findByMemberId(other, PageRequest.of(0, 10, Sort.by("startsAt"))).getTotalElements())
            .isEqualTo(1);
    }

    private Reservation reservation(String resource, Instant startsAt, Instant endsAt) {
        return new Reservation(member, resource, startsAt, endsAt, TEN.minusSeconds(86400));
    }

    private static String sqlState(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

}

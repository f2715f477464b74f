package com.example.events.reservationservice.memberreplica;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.testsupport.TestInfrastructureConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applying events to the replica: once per event id, never older over newer. Against the
 * real PostgreSQL.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ TestInfrastructureConfiguration.class, MemberReplicaUpdates.class, MemberReplicaRepository.class })
@RecordApplicationEvents
class MemberReplicaUpdatesTest {

    @Autowired
    MemberReplicaUpdates updates;

    @Autowired
    MemberReplicaRepository replicas;

    @Autowired
    ApplicationEvents events;

    private final UUID member = UUID.randomUUID();

    @Test
    void registrationThenDeletion() {
        assertThat(updates.apply(List.of(change(member, MemberStatus.ACTIVE, 1))))
            .containsExactly(ApplyOutcome.APPLIED);
        assertThat(replicas.find(member)).get().extracting(MemberReplica::status).isEqualTo(MemberStatus.ACTIVE);
        assertThat(events.stream(MembersDeleted.class)).isEmpty();

        assertThat(updates.apply(List.of(change(member, MemberStatus.DELETED, 2))))
            .containsExactly(ApplyOutcome.APPLIED);

        assertThat(replicas.find(member)).get().satisfies(replica -> {
            assertThat(replica.status()).isEqualTo(MemberStatus.DELETED);
            assertThat(replica.lastSequence()).isEqualTo(2);
        });
        assertThat(events.stream(MembersDeleted.class))
            .containsExactly(new MembersDeleted(Map.of(member, 2L), Map.of(member, Map.of())));
    }

    @Test
    void anEventIdIsAppliedOnce() {
        MemberChange deletion = change(member, MemberStatus.DELETED, 5);
        assertThat(updates.apply(List.of(deletion))).containsExactly(ApplyOutcome.APPLIED);
        assertThat(updates.apply(List.of(deletion))).containsExactly(ApplyOutcome.DUPLICATE);
        assertThat(events.stream(MembersDeleted.class)).hasSize(1);
    }

    @Test
    void aDeletionOfAnUnknownMemberIsRememberedSoALateRegistrationChangesNothing() {
        assertThat(updates.apply(List.of(change(member, MemberStatus.DELETED, 10))))
            .containsExactly(ApplyOutcome.APPLIED);

        assertThat(updates.apply(List.of(change(member, MemberStatus.ACTIVE, 9)))).containsExactly(ApplyOutcome.STALE);
        assertThat(updates.apply(List.of(change(member, MemberStatus.ACTIVE, 10)))).containsExactly(ApplyOutcome.STALE);

        assertThat(replicas.find(member)).get().satisfies(replica -> {
            assertThat(replica.status()).isEqualTo(MemberStatus.DELETED);
            assertThat(replica.lastSequence()).isEqualTo(10);
        });
    }

    @Test
    void eventsAppliedTogetherEndAsIfAppliedOneByOneNewestFirst() {
        UUID another = UUID.randomUUID();
        UUID deletedOne = UUID.randomUUID();
        updates.apply(List.of(change(member, MemberStatus.ACTIVE, 20), change(deletedOne, MemberStatus.ACTIVE, 1)));
        MemberChange redelivered = change(another, MemberStatus.ACTIVE, 3);
        updates.apply(List.of(redelivered));

        List<ApplyOutcome> outcomes = updates.apply(List.of(change(member, MemberStatus.DELETED, 19),
                change(member, MemberStatus.ACTIVE, 21), redelivered, change(deletedOne, MemberStatus.DELETED, 2),
                change(another, MemberStatus.DELETED, 2), redelivered));

        assertThat(outcomes).containsExactly(ApplyOutcome.STALE, ApplyOutcome.APPLIED, ApplyOutcome.DUPLICATE,
                ApplyOutcome.APPLIED, ApplyOutcome.STALE, ApplyOutcome.DUPLICATE);
        assertThat(replicas.find(member)).get().satisfies(replica -> {
            assertThat(replica.status()).isEqualTo(MemberStatus.ACTIVE);
            assertThat(replica.lastSequence()).isEqualTo(21);
        });
        assertThat(replicas.find(another)).get().extracting(MemberReplica::status).isEqualTo(MemberStatus.ACTIVE);
        assertThat(events.stream(MembersDeleted.class))
            .containsExactly(new MembersDeleted(Map.of(deletedOne, 2L), Map.of(deletedOne, Map.of())));
    }

    private static MemberChange change(UUID memberId, MemberStatus status, long sequence) {
        return new MemberChange(UUID.randomUUID(), memberId, status, sequence, null, Instant.now(), Map.of());
    }

}

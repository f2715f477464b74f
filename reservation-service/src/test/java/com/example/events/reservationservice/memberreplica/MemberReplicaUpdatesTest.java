package com.example.events.reservationservice.memberreplica;

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
        assertThat(updates.apply(UUID.randomUUID(), member, MemberStatus.ACTIVE, 1)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(replicas.find(member)).get().extracting(MemberReplica::status).isEqualTo(MemberStatus.ACTIVE);
        assertThat(events.stream(MemberDeleted.class)).isEmpty();

        assertThat(updates.apply(UUID.randomUUID(), member, MemberStatus.DELETED, 2)).isEqualTo(ApplyOutcome.APPLIED);

        assertThat(replicas.find(member)).get().satisfies(replica -> {
            assertThat(replica.status()).isEqualTo(MemberStatus.DELETED);
            assertThat(replica.lastSequence()).isEqualTo(2);
        });
        assertThat(events.stream(MemberDeleted.class)).containsExactly(new MemberDeleted(member, 2));
    }

    @Test
    void anEventIdIsAppliedOnce() {
        UUID eventId = UUID.randomUUID();
        assertThat(updates.apply(eventId, member, MemberStatus.DELETED, 5)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(updates.apply(eventId, member, MemberStatus.DELETED, 5)).isEqualTo(ApplyOutcome.DUPLICATE);
        assertThat(events.stream(MemberDeleted.class)).hasSize(1);
    }

    @Test
    void aDeletionOfAnUnknownMemberIsRememberedSoALateRegistrationChangesNothing() {
        assertThat(updates.apply(UUID.randomUUID(), member, MemberStatus.DELETED, 10)).isEqualTo(ApplyOutcome.APPLIED);

        assertThat(updates.apply(UUID.randomUUID(), member, MemberStatus.ACTIVE, 9)).isEqualTo(ApplyOutcome.STALE);
        assertThat(updates.apply(UUID.randomUUID(), member, MemberStatus.ACTIVE, 10)).isEqualTo(ApplyOutcome.STALE);

        assertThat(replicas.find(member)).get().satisfies(replica -> {
            assertThat(replica.status()).isEqualTo(MemberStatus.DELETED);
            assertThat(replica.lastSequence()).isEqualTo(10);
        });
    }

}

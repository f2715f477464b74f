package com.example.events.memberservice.member;

import com.example.events.memberservice.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The member change and its event commit together: a transaction that fails after both
 * were written keeps neither.
 */
class MemberRegistrationAtomicityIT extends IntegrationTestSupport {

    @Autowired
    Members members;

    @Test
    void aRolledBackRegistrationLeavesNoMemberAndNoEvent() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            members.register(new RegisterMemberRequest("Rolled Back", "rollback@example.com"));
            assertThat(database.events()).as("written inside the transaction").isEqualTo(1);
            throw new IllegalStateException("the database transaction fails after the event was written");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(database.members()).isZero();
        assertThat(database.events()).isZero();
    }

    @Test
    void aRolledBackDeletionKeepsTheMemberAndWritesNoEvent() {
        var member = members.register(new RegisterMemberRequest("Kept", "kept@example.com"));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            members.delete(member.getId());
            throw new IllegalStateException("fails after the delete and its event");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(database.members()).isEqualTo(1);
        assertThat(database.events()).as("only the registration's event").isEqualTo(1);
    }

}

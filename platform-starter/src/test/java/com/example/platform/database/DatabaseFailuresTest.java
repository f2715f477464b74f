package com.example.platform.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.example.platform.database.DatabaseFailures.Kind;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTest {

    @Test
    void aDatabaseThatCannotBeReachedOrIsStartingIsUnavailable() {
        for (String state : new String[] { "08001", "08006", "57P01", "57P03", "53300" }) {
            assertThat(DatabaseFailures.classify(wrapped(new SQLException("gone", state)))).as(state)
                .contains(Kind.UNAVAILABLE);
        }
        assertThat(DatabaseFailures
            .classify(wrapped(new SQLTransientConnectionException("Connection is not available, request timed out"))))
            .as("the pool's timeout")
            .contains(Kind.UNAVAILABLE);
        assertThat(DatabaseFailures.classify(new TransactionException("Unable to rollback against JDBC Connection")))
            .as("a rollback on a broken connection, with no cause")
            .contains(Kind.UNAVAILABLE);
    }

    @Test
    void aConflictWithOtherTransactionsIsContention() {
        for (String state : new String[] { "40001", "40P01", "55P03" }) {
            assertThat(DatabaseFailures.classify(wrapped(new SQLException("conflict", state)))).as(state)
                .contains(Kind.CONTENTION);
        }
    }

    @Test
    void theWorksOwnFailureIsNotTheDatabases() {
        assertThat(DatabaseFailures.classify(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505"))))
            .isEmpty();
        assertThat(DatabaseFailures.classify(new SQLException("syntax error", "42601"))).isEmpty();
        assertThat(DatabaseFailures.classify(new IllegalStateException("a bug"))).isEmpty();
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new IllegalStateException("JDBC", cause));
    }

}

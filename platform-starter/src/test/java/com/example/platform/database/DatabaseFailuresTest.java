package com.example.platform.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.example.platform.database.DatabaseFailures.Kind;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
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
    void aServerOutOfResourcesIsUnavailableNotTheMessagesFault() {
        // 53100 disk_full, 53200 out_of_memory, 53300 too_many_connections, 53400
        // configuration_limit_exceeded, 53000 the class itself
        for (String state : new String[] { "53000", "53100", "53200", "53300", "53400" }) {
            PSQLException failure = fromServer(state, "could not extend file \"base/16384/16385\": No space left");
            assertThat(DatabaseFailures.classify(failure)).as(state).contains(Kind.UNAVAILABLE);
            assertThat(DatabaseFailures.classify(asSpringTranslatesIt(failure))).as("Spring's " + state)
                .contains(Kind.UNAVAILABLE);
            assertThat(DatabaseFailures.classify(wrapped(failure))).as("wrapped " + state).contains(Kind.UNAVAILABLE);
        }
    }

    @Test
    void anOperatorInterventionIsUnavailableNotTheMessagesFault() {
        // 57014 query_canceled (also a statement_timeout), 57P01 admin_shutdown, 57P02
        // crash_shutdown, 57P03 cannot_connect_now, 57P04 database_dropped, 57000 the
        // class
        for (String state : new String[] { "57000", "57014", "57P01", "57P02", "57P03", "57P04" }) {
            PSQLException failure = fromServer(state, "canceling statement due to statement timeout");
            assertThat(DatabaseFailures.classify(failure)).as(state).contains(Kind.UNAVAILABLE);
            assertThat(DatabaseFailures.classify(asSpringTranslatesIt(failure))).as("Spring's " + state)
                .contains(Kind.UNAVAILABLE);
        }
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
        PSQLException duplicate = fromServer("23505", "duplicate key value violates unique constraint \"inbox_pkey\"");
        assertThat(DatabaseFailures.classify(duplicate)).isEmpty();
        assertThat(DatabaseFailures.classify(asSpringTranslatesIt(duplicate))).isEmpty();
        assertThat(DatabaseFailures.classify(asSpringTranslatesIt(fromServer("22P02", "invalid input syntax"))))
            .isEmpty();
        assertThat(DatabaseFailures.classify(new SQLException("syntax error", "42601"))).isEmpty();
        assertThat(DatabaseFailures.classify(new IllegalStateException("a bug"))).isEmpty();
    }

    /** The driver's exception for an error the server sent, as it parses it. */
    private static PSQLException fromServer(String state, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0VERROR\0C" + state + "\0M" + message + "\0"));
    }

    private static RuntimeException asSpringTranslatesIt(SQLException failure) {
        RuntimeException translated = new SQLErrorCodeSQLExceptionTranslator("PostgreSQL").translate("apply events",
                "insert into processed_event values (?)", failure);
        assertThat(translated).isNotNull();
        return translated;
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new IllegalStateException("JDBC", cause));
    }

}

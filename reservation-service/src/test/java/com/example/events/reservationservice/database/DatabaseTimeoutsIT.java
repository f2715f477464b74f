package com.example.events.reservationservice.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.platform.database.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Both pools of the service bound what a silent or slow database can cost them: a
 * statement ends after the pool's statement timeout, a connection whose server stopped
 * answering after its socket timeout. As PostgreSQL and its driver apply them, on a
 * connection of each pool as the service routes to it.
 */
class DatabaseTimeoutsIT extends IntegrationTestSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void theApisPoolBoundsStatementsAndSockets() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(statementTimeout(connection)).isEqualTo("15s");
            assertThat(connection.getNetworkTimeout()).as("socketTimeout, ms").isEqualTo(30_000);
        }
    }

    @Test
    void theListenersPoolHasShorterOnesOfItsOwn() throws Exception {
        try (Connection connection = DatabasePools.forListener(this::connection)) {
            assertThat(statementTimeout(connection)).isEqualTo("10s");
            assertThat(connection.getNetworkTimeout()).as("socketTimeout, ms").isEqualTo(15_000);
        }
    }

    @Test
    void aListenerStatementLongerThanItsTimeoutFailsFastAsTheDatabasesUnavailability() {
        Instant start = Instant.now();

        Throwable failure = catchThrowable(() -> {
            try (Connection connection = DatabasePools.forListener(this::connection);
                    Statement sleep = connection.createStatement()) {
                sleep.execute("select pg_sleep(30)");
            }
        });

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(failure).hasMessageContaining("statement timeout");
        assertThat(DatabaseFailures.classify(failure)).contains(DatabaseFailures.Kind.UNAVAILABLE);
    }

    private Connection connection() {
        try {
            return dataSource.getConnection();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String statementTimeout(Connection connection) throws SQLException {
        try (Statement show = connection.createStatement();
                ResultSet result = show.executeQuery("show statement_timeout")) {
            result.next();
            return result.getString(1);
        }
    }

}

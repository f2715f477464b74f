package com.example.events.memberservice.relay;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.IntegrationTestSupport;
import com.example.platform.database.DatabaseFailures;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every pool of the service bounds what a silent or slow database can cost it: a
 * statement ends after the pool's statement timeout, a connection whose server stopped
 * answering after its socket timeout, opening one after the connect timeout. As
 * PostgreSQL and its driver apply them, on connections of each pool.
 */
@IntegrationTest
class DatabaseTimeoutsIT extends IntegrationTestSupport {

    @Autowired
    DataSource dataSource;

    @Autowired
    RelayDatabase relay;

    @Test
    void theApisPoolBoundsStatementsSocketsAndConnecting() throws SQLException {
        HikariDataSource api = dataSource.unwrap(HikariDataSource.class);

        assertThat(api.getDataSourceProperties()).containsEntry("connectTimeout", "5")
            .containsEntry("loginTimeout", "10");
        try (Connection connection = api.getConnection()) {
            assertThat(statementTimeout(connection)).isEqualTo("15s");
            assertThat(connection.getNetworkTimeout()).as("socketTimeout, ms").isEqualTo(30_000);
        }
    }

    @Test
    void theRelaysPoolHasShorterOnesOfItsOwnWithoutChangingTheApis() throws SQLException {
        HikariDataSource own = relay.ownPool().orElseThrow();

        try (Connection connection = own.getConnection()) {
            assertThat(statementTimeout(connection)).isEqualTo("5s");
            assertThat(connection.getNetworkTimeout()).as("socketTimeout, ms").isEqualTo(10_000);
        }
        try (Connection connection = dataSource.getConnection()) {
            assertThat(statementTimeout(connection)).isEqualTo("15s");
        }
    }

    @Test
    void aRelayStatementLongerThanItsTimeoutFailsFastAsTheDatabasesUnavailability() {
        Instant start = Instant.now();

        Throwable failure = catchThrowable(() -> relay.jdbc().sql("select pg_sleep(30)").query().singleValue());

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(failure).hasMessageContaining("statement timeout");
        assertThat(DatabaseFailures.classify(failure)).contains(DatabaseFailures.Kind.UNAVAILABLE);
    }

    private static String statementTimeout(Connection connection) throws SQLException {
        try (Statement show = connection.createStatement();
                ResultSet result = show.executeQuery("show statement_timeout")) {
            result.next();
            return result.getString(1);
        }
    }

}

package com.example.events.localsystem;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {

    @TempDir
    Path directory;

    @Test
    void aStoppedServerClosesItsPortAndStartsAgainOnItWithItsData() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.resolve("data"), 0,
                directory.resolve("postgres.log"))) {
            Database database = server.ensureDatabase("kept");
            execute(database, "create table kept (id int)");
            execute(database, "insert into kept values (1)");

            server.stop();

            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> execute(database, "select 1")).isInstanceOf(SQLException.class);
            assertThat(Ports.inUse(server.port())).as("its port, closed").isFalse();

            server.start();

            assertThat(server.isRunning()).isTrue();
            assertThat(queryLong(database, "select count(*) from kept")).isEqualTo(1);
        }
    }

    @Test
    void everyRowKnowsWhenItWasCommitted() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0, null)) {
            Database database = server.ensureDatabase("stamped");
            execute(database, "create table stamped (id int)");
            execute(database, "insert into stamped values (1)");

            assertThat(queryLong(database,
                    "select count(*) from stamped where pg_xact_commit_timestamp(xmin) > now() - interval '1 minute'"))
                .isEqualTo(1);
        }
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long queryLong(Database database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect(Database database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

}

package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central (no installed
 * PostgreSQL needed). Its superuser {@code postgres} and every role connect without a
 * password check (trust, on localhost only).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres server;

    private final String version;

    private EmbeddedPostgresServer(EmbeddedPostgres server, String version) {
        this.server = server;
        this.version = version;
    }

    /**
     * Starts a server.
     * @param dataDirectory kept as it is and reused when it already holds a cluster;
     * {@code null} for a temporary one deleted on {@link #close()}
     * @param port 0 for a free one
     * @param log the server's output, appended; {@code null} to log through SLF4J
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Path log) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                // whoever owns this server stops it in its own order (services before
                // their databases)
                .setRegisterShutdownHook(false);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (log != null) {
                Files.createDirectories(log.toAbsolutePath().getParent());
                builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            EmbeddedPostgres server = builder.start();
            try (Connection connection = server.getPostgresDatabase().getConnection()) {
                return new EmbeddedPostgresServer(server, connection.getMetaData().getDatabaseProductVersion());
            }
            catch (SQLException ex) {
                server.close();
                throw new IllegalStateException("Embedded PostgreSQL started but does not answer", ex);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(
                    "Could not start embedded PostgreSQL" + (dataDirectory == null ? "" : " in " + dataDirectory), ex);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String version() {
        return version;
    }

    /**
     * The superuser's JDBC URL of a database on this server; the superuser is
     * {@code postgres}, any password.
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /**
     * A database of that name owned by a role of that name, password the name, both
     * created when missing: how a service owns its database.
     */
    public Database ensureDatabase(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a database name: " + name);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("select 1 from pg_roles where rolname = '" + name + "'").next()) {
                statement.execute("create role " + name + " login password '" + name + "'");
            }
            if (!statement.executeQuery("select 1 from pg_database where datname = '" + name + "'").next()) {
                statement.execute("create database " + name + " owner " + name);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create database " + name + " on port " + port(), ex);
        }
        return new Database(jdbcUrl(name), name, name);
    }

    @Override
    public void close() {
        try {
            server.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL on port " + port(), ex);
        }
    }

}

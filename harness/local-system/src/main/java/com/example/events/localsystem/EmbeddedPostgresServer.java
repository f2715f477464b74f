package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central (no installed
 * PostgreSQL needed). Its superuser {@code postgres} and every role connect without a
 * password check (trust, on localhost only). It records each transaction's commit time
 * ({@code track_commit_timestamp}), so {@code pg_xact_commit_timestamp(xmin)} says when a
 * row was committed. It can be stopped and started again on the same port and data, and
 * it ends with the JVM that started it at the latest.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path dataDirectory;

    private final boolean temporary;

    private final Path log;

    private final Watchdog watchdog;

    private final int port;

    private final String version;

    private EmbeddedPostgres server;

    private EmbeddedPostgresServer(Path dataDirectory, boolean temporary, Path log, Watchdog watchdog,
            EmbeddedPostgres server) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.log = log;
        this.watchdog = watchdog;
        this.server = server;
        this.port = server.getPort();
        this.version = query(server, "show server_version");
    }

    /**
     * Starts a server.
     * @param dataDirectory kept as it is and reused when it already holds a cluster;
     * {@code null} for a temporary one deleted on {@link #close()}
     * @param port 0 for a free one
     * @param log the server's output, appended; {@code null} to log through SLF4J
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Path log) {
        return start(dataDirectory, port, log, Watchdog.ofThisJvm());
    }

    static EmbeddedPostgresServer start(Path dataDirectory, int port, Path log, Watchdog watchdog) {
        boolean temporary = dataDirectory == null;
        Path directory;
        try {
            directory = temporary ? Files.createTempDirectory("embedded-postgres-")
                    : Files.createDirectories(dataDirectory);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not create the data directory for embedded PostgreSQL", ex);
        }
        return new EmbeddedPostgresServer(directory, temporary, log, watchdog, launch(directory, port, log, watchdog));
    }

    /**
     * Stops the server as an operator does ({@code pg_ctl stop -m fast}): every
     * connection ends and the port closes; the data stays. Nothing happens when it is
     * stopped already.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL on port " + port, ex);
        }
        finally {
            server = null;
        }
    }

    /**
     * Starts it again on the same port and data; returns once it answers. Nothing happens
     * when it runs already.
     */
    public synchronized void start() {
        if (server == null) {
            server = launch(dataDirectory, port, log, watchdog);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
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
        try (Connection connection = running().getPostgresDatabase().getConnection();
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

    /** Stops it; a temporary data directory is deleted. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException | UncheckedIOException ex) {
                // a temporary directory; the system cleans it eventually
            }
        }
    }

    private synchronized EmbeddedPostgres running() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is stopped");
        }
        return server;
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port, Path log, Watchdog watchdog) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("track_commit_timestamp", "on")
                .setServerConfig("listen_addresses", "localhost")
                // whoever owns this server stops it in its own order (services before
                // their databases)
                .setRegisterShutdownHook(false);
            if (log != null) {
                Files.createDirectories(log.toAbsolutePath().getParent());
                builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            EmbeddedPostgres server = builder.start();
            try {
                // pg_ctl has started the postmaster and left it: its pid is the first
                // line
                // of the lock file it keeps in the data directory
                long postmaster = Long
                    .parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
                watchdog.watch("PostgreSQL on port " + server.getPort(), ProcessHandle.of(postmaster)
                    .orElseThrow(() -> new IllegalStateException("The postmaster " + postmaster + " is gone")));
                return server;
            }
            catch (IOException | RuntimeException ex) {
                server.close();
                throw ex;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory, ex);
        }
    }

    private static String query(EmbeddedPostgres server, String sql) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Embedded PostgreSQL on port " + server.getPort() + " does not answer", ex);
        }
    }

}

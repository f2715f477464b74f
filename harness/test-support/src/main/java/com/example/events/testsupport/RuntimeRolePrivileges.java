package com.example.events.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;

/**
 * What the role a service runs as on AWS may do in its database, asked of PostgreSQL
 * itself: the privileges it holds on every table, and what happens when it tries more
 * ({@code SET ROLE}, so no password of its own is needed).
 */
public final class RuntimeRolePrivileges {

    /** insufficient_privilege: also what "must be owner" is reported as. */
    private static final String PERMISSION_DENIED = "42501";

    private final String jdbcUrl;

    private final String ownerUser;

    private final String ownerPassword;

    private final String role;

    public RuntimeRolePrivileges(String jdbcUrl, String ownerUser, String ownerPassword, String role) {
        this.jdbcUrl = jdbcUrl;
        this.ownerUser = ownerUser;
        this.ownerPassword = ownerPassword;
        this.role = role;
    }

    /**
     * Migrates a database of its own as the aws profile does: as the owner (the harness's
     * superuser), with the runtime role's name as Flyway's {@code approle} placeholder.
     * @param locations Flyway's, e.g. {@code classpath:db/migration} and
     * {@code classpath:db/aws}
     */
    public static RuntimeRolePrivileges afterMigrations(String database, String role, String... locations) {
        Postgres postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl(database);
        Flyway.configure()
            .dataSource(url, postgres.username(), postgres.password())
            .locations(locations)
            .placeholders(Map.of("approle", role))
            .load()
            .migrate();
        return new RuntimeRolePrivileges(url, postgres.username(), postgres.password(), role);
    }

    /** The application's tables: everything in public but Flyway's history. */
    public List<String> applicationTables() {
        return query("select tablename from pg_tables where schemaname = 'public'"
                + " and tablename <> 'flyway_schema_history' order by tablename");
    }

    /**
     * The privileges the role holds on a table, of SELECT, INSERT, UPDATE, DELETE,
     * TRUNCATE, REFERENCES and TRIGGER.
     */
    public List<String> privilegesOn(String table) {
        List<String> held = new ArrayList<>();
        for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")) {
            if (Boolean.parseBoolean(
                    single("select has_table_privilege(?, ?, ?)::text", role, "public." + table, privilege))) {
                held.add(privilege);
            }
        }
        return held;
    }

    public boolean canLogIn() {
        return Boolean.parseBoolean(single("select rolcanlogin::text from pg_roles where rolname = ?", role));
    }

    /** Superuser, CREATEDB, CREATEROLE or BYPASSRLS: any of them is too much. */
    public boolean hasElevatedAttributes() {
        return Boolean.parseBoolean(single(
                "select (rolsuper or rolcreatedb or rolcreaterole or rolbypassrls)::text from pg_roles where rolname = ?",
                role));
    }

    /**
     * Runs the statement as the role; the SQLSTATE it fails with, or null when it
     * succeeded. Rolled back either way.
     */
    public String sqlStateOfRunningAsRole(String sql) {
        try (Connection connection = owner()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local role \"" + role + "\"");
                statement.execute(sql);
                return null;
            }
            catch (SQLException ex) {
                return ex.getSQLState();
            }
            finally {
                connection.rollback();
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot reach " + jdbcUrl, ex);
        }
    }

    /** As the owner, the way a later migration would. */
    public void executeAsOwner(String sql) {
        try (Connection connection = owner(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + " failed", ex);
        }
    }

    public static boolean isPermissionDenied(String sqlState) {
        return PERMISSION_DENIED.equals(sqlState);
    }

    private Connection owner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword);
    }

    private List<String> query(String sql, String... parameters) {
        try (Connection connection = owner(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + " failed", ex);
        }
    }

    private String single(String sql, String... parameters) {
        List<String> rows = query(sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " gave " + rows.size() + " rows");
        }
        return rows.get(0);
    }

}

package com.example.events.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of its own for a service started in profile aws: Flyway migrates as the
 * owner (the harness's superuser), the service connects through the AWS JDBC wrapper as
 * its runtime role. On RDS that role signs in with an IAM token; here it gets a password.
 */
public final class AwsProfileDatabase {

    private static final String RUNTIME_ROLE_PASSWORD = "runtime-role-test-password";

    private final String database;

    private final String runtimeRole;

    public AwsProfileDatabase(String database, String runtimeRole) {
        this.database = database;
        this.runtimeRole = runtimeRole;
    }

    /** Creates the role with a password, before the service's migration grants to it. */
    private void giveTheRuntimeRoleAPassword() {
        Postgres postgres = TestInfrastructure.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(),
                postgres.password()); Statement statement = connection.createStatement()) {
            statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + runtimeRole
                    + "') then create role " + runtimeRole + " login; end if; end $$");
            statement.execute("alter role " + runtimeRole + " password '" + RUNTIME_ROLE_PASSWORD + "'");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot prepare " + runtimeRole + " in " + database, ex);
        }
    }

    /**
     * Gives the runtime role a password, and registers the service's datasource and
     * Flyway settings, the wrapper without its iam plugin
     * ({@code @DynamicPropertySource}).
     */
    public void register(DynamicPropertyRegistry registry) {
        giveTheRuntimeRoleAPassword();
        Postgres postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl(database);
        registry.add("spring.flyway.url", () -> url);
        registry.add("spring.flyway.user", postgres::username);
        registry.add("spring.flyway.password", postgres::password);
        registry.add("spring.datasource.url", () -> url.replace("jdbc:postgresql:", "jdbc:aws-wrapper:postgresql:"));
        registry.add("spring.datasource.username", () -> runtimeRole);
        registry.add("spring.datasource.password", () -> RUNTIME_ROLE_PASSWORD);
        registry.add("spring.datasource.hikari.data-source-properties.wrapperPlugins", () -> "");
    }

}

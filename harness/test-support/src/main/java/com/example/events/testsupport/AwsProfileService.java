package com.example.events.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A service started in profile aws with nothing of AWS. A database of its own: Flyway
 * migrates as the owner (the harness's superuser), the service connects through the AWS
 * JDBC wrapper as its runtime role, which on RDS signs in with an IAM token and here gets
 * a password. Callers' tokens from {@link TestJwtIssuer#shared()} with the scopes the
 * stack's user pool grants ({@code <service>/api}, {@code <service>/admin}); every AWS
 * endpoint a closed port, and nothing exported. The test imports
 * {@link TestJwtIssuer.Trusted} so that the service trusts those tokens.
 */
public final class AwsProfileService {

    private static final String RUNTIME_ROLE_PASSWORD = "runtime-role-test-password";

    private final String service;

    private final String database;

    private final String runtimeRole;

    public AwsProfileService(String service, String database, String runtimeRole) {
        this.service = service;
        this.database = database;
        this.runtimeRole = runtimeRole;
    }

    public String runtimeRole() {
        return runtimeRole;
    }

    /** A token of the trusted issuer granting {@code <service>/<scope>}. */
    public String token(String scope) {
        return TestJwtIssuer.shared().token(service + "/" + scope);
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
     * Flyway settings (the wrapper without its iam plugin), the trusted issuer and the
     * AWS endpoints ({@code @DynamicPropertySource}).
     */
    public void register(DynamicPropertyRegistry registry) {
        giveTheRuntimeRoleAPassword();
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestJwtIssuer.ISSUER);
        registry.add("spring.cloud.aws.endpoint", () -> "http://127.0.0.1:9");
        registry.add("spring.cloud.aws.region.static", () -> "eu-west-1");
        registry.add("spring.cloud.aws.credentials.access-key", () -> "test");
        registry.add("spring.cloud.aws.credentials.secret-key", () -> "test");
        registry.add("cloudwatch.metrics.enabled", () -> "false");
        registry.add("management.tracing.export.enabled", () -> "false");
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

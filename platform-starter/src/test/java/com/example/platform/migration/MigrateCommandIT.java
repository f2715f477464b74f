package com.example.platform.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.example.events.testsupport.Postgres;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate} against a real PostgreSQL, as the migration task runs it on AWS: over
 * the owner's connection of its own ({@code spring.flyway.url}, no
 * {@code spring.datasource}), with the platform's db/aws grants; then it exits.
 *
 * <p>
 * The command needs Boot's data source and Flyway auto-configuration, which every service
 * has ({@code spring-boot-starter-flyway}); the platform starter's tests have that
 * starter in test scope.
 */
class MigrateCommandIT {

    private static final String ROLE = "platform_migrate_check";

    @Test
    void migratesAsTheOwnerGrantsTheRuntimeRoleAndExitsZeroAgainAndAgain() throws SQLException {
        Postgres postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl("platform_migrate");
        // a service's own data source, as the runtime role's, beside the owner's
        // connection Flyway takes
        String[] args = { MigrateCommand.NAME, "--spring.datasource.url=" + url, "--spring.flyway.url=" + url,
                "--spring.flyway.user=" + postgres.username(), "--spring.flyway.password=" + postgres.password(),
                "--spring.flyway.locations=classpath:db/platform-test,classpath:db/aws",
                "--spring.flyway.placeholders.approle=" + ROLE,
                // as on a service's own task: the command migrates all the same
                "--spring.flyway.enabled=false" };

        assertThat(MigrateCommand.run(args)).isZero();

        assertThat(query(postgres, url, "select tablename from pg_tables where schemaname = 'public' order by 1"))
            .containsExactly("flyway_schema_history", "thing", "thing_event");
        assertThat(query(postgres, url, "select rolname from pg_roles where rolname = '" + ROLE + "'"))
            .containsExactly(ROLE);
        List<String> applied = query(postgres, url,
                "select script from flyway_schema_history where success order by installed_rank");
        assertThat(applied).containsExactly("V1__things.sql", "R__runtime_role.sql");

        // nothing pending: the next deploy's run changes nothing and succeeds
        assertThat(MigrateCommand.run(args)).isZero();
        assertThat(query(postgres, url, "select script from flyway_schema_history order by installed_rank"))
            .isEqualTo(applied);
    }

    @Test
    void aFailingMigrationExitsOne() throws SQLException {
        Postgres postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl("platform_migrate_broken");

        int status = MigrateCommand
            .run(new String[] { MigrateCommand.NAME, "--spring.datasource.url=" + url, "--spring.flyway.url=" + url,
                    "--spring.flyway.user=" + postgres.username(), "--spring.flyway.password=" + postgres.password(),
                    "--spring.flyway.locations=classpath:com/example/platform/migration/broken" });

        assertThat(status).isEqualTo(1);
        assertThat(query(postgres, url, "select tablename from pg_tables where tablename = 'broken'")).isEmpty();
    }

    @Test
    void onlyTheFirstArgumentAsksForIt() {
        assertThat(MigrateCommand.isRequested(new String[] { "migrate", "--x=y" })).isTrue();
        assertThat(MigrateCommand.isRequested(new String[] { "--spring.profiles.active=aws", "migrate" })).isFalse();
        assertThat(MigrateCommand.isRequested(new String[0])).isFalse();
    }

    private static List<String> query(Postgres postgres, String url, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

}

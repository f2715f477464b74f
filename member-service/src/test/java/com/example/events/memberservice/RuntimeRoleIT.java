package com.example.events.memberservice.security;

import java.util.Map;

import com.example.events.testsupport.Postgres;
import com.example.events.testsupport.RuntimeRolePrivileges;
import com.example.events.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.example.events.testsupport.RuntimeRolePrivileges.isPermissionDenied;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations as the aws profile runs them (db/migration, then db/aws, as the owner)
 * leave a role that reads and writes the service's tables and can do nothing else.
 */
class RuntimeRoleIT {

    private static final String ROLE = "member_runtime_check";

    private static RuntimeRolePrivileges role;

    @BeforeAll
    static void migrateAsTheOwner() {
        Postgres postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl("member_runtime_role");
        Flyway.configure()
            .dataSource(url, postgres.username(), postgres.password())
            .locations("classpath:db/migration", "classpath:db/aws")
            .placeholders(Map.of("approle", ROLE))
            .load()
            .migrate();
        role = new RuntimeRolePrivileges(url, postgres.username(), postgres.password(), ROLE);
    }

    @Test
    void readsAndWritesEveryTableOfTheService() {
        assertThat(role.applicationTables()).contains("member", "event_log");
        for (String table : role.applicationTables()) {
            assertThat(role.privilegesOn(table)).as(table).containsExactly("SELECT", "INSERT", "UPDATE", "DELETE");
        }
        assertThat(role.sqlStateOfRunningAsRole("select count(*) from event_log")).isNull();
        assertThat(role.canLogIn()).isTrue();
        assertThat(role.hasElevatedAttributes()).isFalse();
    }

    @Test
    void changesNoSchemaTruncatesNothingAndCannotReadFlywaysHistory() {
        for (String sql : new String[] { "create table intruder (id int)", "drop table member",
                "alter table event_log add column extra int", "truncate event_log",
                "select * from flyway_schema_history" }) {
            assertThat(isPermissionDenied(role.sqlStateOfRunningAsRole(sql))).as(sql).isTrue();
        }
    }

    @Test
    void tablesOfLaterMigrationsAreCoveredToo() {
        role.executeAsOwner("create table if not exists later_migration (id bigint generated always as identity)");

        assertThat(role.privilegesOn("later_migration")).containsExactly("SELECT", "INSERT", "UPDATE", "DELETE");
        assertThat(role.sqlStateOfRunningAsRole("insert into later_migration default values")).isNull();
    }

}

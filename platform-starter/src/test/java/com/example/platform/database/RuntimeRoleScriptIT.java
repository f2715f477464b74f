package com.example.platform.database;

import com.example.events.testsupport.RuntimeRolePrivileges;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.example.events.testsupport.RuntimeRolePrivileges.isPermissionDenied;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's db/aws script, run after a service's migrations as the aws profile runs
 * it (as the owner, {@code approle} the service's role), leaves a role that reads and
 * writes the service's tables and can do nothing else, also on tables of later
 * migrations.
 */
class RuntimeRoleScriptIT {

    private static final String ROLE = "platform_runtime_check";

    private static RuntimeRolePrivileges role;

    @BeforeAll
    static void migrateAsTheOwner() {
        role = RuntimeRolePrivileges.afterMigrations("platform_runtime_role", ROLE, "classpath:db/platform-test",
                "classpath:db/aws");
    }

    @Test
    void readsAndWritesEveryTable() {
        assertThat(role.applicationTables()).contains("thing", "thing_event");
        for (String table : role.applicationTables()) {
            assertThat(role.privilegesOn(table)).as(table).containsExactly("SELECT", "INSERT", "UPDATE", "DELETE");
        }
        assertThat(role.sqlStateOfRunningAsRole("insert into thing (name) values ('a')")).as("and its sequences")
            .isNull();
        assertThat(role.canLogIn()).isTrue();
        assertThat(role.hasElevatedAttributes()).isFalse();
    }

    @Test
    void changesNoSchemaTruncatesNothingAndCannotReadFlywaysHistory() {
        for (String sql : new String[] { "create table intruder (id int)", "drop table thing",
                "alter table thing add column extra int", "truncate thing_event",
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

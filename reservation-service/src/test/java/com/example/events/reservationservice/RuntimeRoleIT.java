package com.example.events.reservationservice;

import com.example.events.testsupport.RuntimeRolePrivileges;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This service's migrations, then the platform's db/aws script, as the aws profile runs
 * them: the runtime role reads and writes every table of the service. What else the role
 * may not do is the platform's to prove (RuntimeRoleScriptIT).
 */
class RuntimeRoleIT {

    @Test
    void readsAndWritesEveryTableOfTheService() {
        RuntimeRolePrivileges role = RuntimeRolePrivileges.afterMigrations("reservation_runtime_role",
                "reservation_runtime_check", "classpath:db/migration", "classpath:db/aws");

        assertThat(role.applicationTables()).contains("reservation", "member_replica", "processed_event");
        for (String table : role.applicationTables()) {
            assertThat(role.privilegesOn(table)).as(table).containsExactly("SELECT", "INSERT", "UPDATE", "DELETE");
        }
        assertThat(role.sqlStateOfRunningAsRole("select count(*) from member_replica")).isNull();
        assertThat(RuntimeRolePrivileges.isPermissionDenied(role.sqlStateOfRunningAsRole("truncate processed_event")))
            .isTrue();
    }

}

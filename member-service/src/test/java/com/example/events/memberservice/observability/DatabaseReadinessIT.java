package com.example.events.memberservice.observability;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.memberservice.IntegrationTestSupport;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness asks the database on a connection of its own: with every connection of the
 * API's pool taken, requests are refused for want of one, and the instance still reports
 * ready, so probes neither drain the pool nor take a busy instance out of service.
 */
class DatabaseReadinessIT extends IntegrationTestSupport {

    @Autowired
    HikariDataSource pool;

    @Test
    void readinessNeitherNeedsNorTakesAConnectionOfTheApisPool() throws Exception {
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                taken.add(pool.getConnection());
            }

            assertThat(api.get("/members/" + UUID.randomUUID()).getStatusCode().value())
                .as("the API's pool is exhausted")
                .isEqualTo(503);
            for (int probe = 0; probe < 20; probe++) {
                var readiness = api.get("/actuator/health/readiness");
                assertThat(readiness.getStatusCode().value()).isEqualTo(200);
                assertThat(readiness.getBody().get("status").asString()).isEqualTo("UP");
            }
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(pool.getMaximumPoolSize());
        }
        finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        assertThat(api.get("/members/" + UUID.randomUUID()).getStatusCode().value()).isEqualTo(404);
    }

}

package com.example.events.reservationservice.database;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this service's database connections are shared out, and how it finds out whether
 * the database answers.
 *
 * @param poolSize connections of both pools together
 * @param apiConnections the REST API's pool (and whatever else is not the queue's
 * listener): the listener's pool has the rest, so neither can take the other's
 * @param probe the check of the database behind readiness and the listener's pause
 * @param listener the listener's pool, where it differs from the API's
 */
@Validated
@ConfigurationProperties("database")
record DatabaseProperties(@Min(2) int poolSize, @Min(1) int apiConnections, @NotNull Probe probe,
        @DefaultValue Listener listener) {

    /**
     * @param dataSourceProperties JDBC driver properties set over
     * {@code spring.datasource.hikari.data-source-properties}: the listener's
     * transactions are short, so their timeouts are too
     */
    record Listener(@DefaultValue Map<String, String> dataSourceProperties) {
    }

    /**
     * @param every how often the database is checked while it answers
     * @param everyWhileDown how often while it does not
     * @param timeout a check that takes longer fails
     */
    record Probe(@NotNull Duration every, @NotNull Duration everyWhileDown, @NotNull Duration timeout) {
    }

    /**
     * @throws IllegalStateException when the pool leaves the listener no connection at
     * all
     */
    int listenerConnections() {
        int connections = poolSize - apiConnections;
        if (connections < 1) {
            throw new IllegalStateException("A database pool of " + poolSize + " connections, " + apiConnections
                    + " of them kept for the REST API, leaves none for the member events listener: raise "
                    + "DB_POOL_SIZE or lower DB_API_CONNECTIONS");
        }
        return connections;
    }

}

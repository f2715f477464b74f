package com.example.platform.health;

import java.sql.Connection;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code db} in the readiness group, checked on a connection of its own rather than one
 * of the API's pool: a flood of probes cannot take connections from requests, and a pool
 * busy with requests does not make an instance look unready. Reused for
 * {@code observability.database-health.cache-for}; a change of state is logged once.
 */
class DatabaseHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealthIndicator.class);

    private final DataSource unpooled;

    private final DatabaseHealthProperties settings;

    private final Throttled<Health> health;

    private volatile boolean wasDown;

    DatabaseHealthIndicator(DataSource unpooled, DatabaseHealthProperties settings) {
        this.unpooled = unpooled;
        this.settings = settings;
        this.health = new Throttled<>(this::check, settings.cacheFor());
    }

    @Override
    public Health health() {
        return health.get();
    }

    private Health check() {
        try (Connection connection = unpooled.getConnection()) {
            if (connection.isValid((int) Math.max(1, settings.timeout().toSeconds()))) {
                if (wasDown) {
                    log.info("Database reachable again");
                    wasDown = false;
                }
                return Health.up().build();
            }
            return down("the connection did not answer");
        }
        catch (Exception ex) {
            return down(String.valueOf(ex.getMessage()));
        }
    }

    private Health down(String reason) {
        if (!wasDown) {
            log.warn("Database unavailable ({}): not ready", reason);
            wasDown = true;
        }
        return Health.down().withDetail("error", reason).build();
    }

}

package com.example.events.memberservice.relay;

import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The relay's own connection to the database, with the settings of the service's pool
 * (URL, credentials, IAM sign-in, timeouts) and shorter statement and socket timeouts of
 * its own ({@code outbox.relay.database}): its rounds never wait for a connection that
 * requests hold, nor requests for the relay's. One connection, as one worker thread uses
 * it; pool {@code outbox-relay} in the {@code hikaricp_*} metrics. Starts without the
 * database, as the relay retries by itself.
 */
@Component
class RelayDatabase implements AutoCloseable {

    static final String POOL_NAME = "outbox-relay";

    private final HikariDataSource ownPool;

    private final JdbcClient jdbc;

    RelayDatabase(DataSource service, RelayDatabaseProperties settings) {
        if (service instanceof HikariDataSource servicePool) {
            HikariConfig config = new HikariConfig();
            servicePool.copyStateTo(config);
            // copyStateTo shares the service pool's driver properties, which the relay's
            // own timeouts must not change: the relay connects through a driver of its
            // own
            Properties driver = new Properties();
            driver.putAll(servicePool.getDataSourceProperties());
            driver.putAll(settings.dataSourceProperties());
            config.setDataSource(new DriverDataSource(servicePool.getJdbcUrl(), servicePool.getDriverClassName(),
                    driver, servicePool.getUsername(), servicePool.getPassword()));
            config.setPoolName(POOL_NAME);
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(1);
            config.setInitializationFailTimeout(-1);
            this.ownPool = new HikariDataSource(config);
            this.jdbc = JdbcClient.create(ownPool);
        }
        else {
            // a pool this class cannot copy: share it
            this.ownPool = null;
            this.jdbc = JdbcClient.create(service);
        }
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** The relay's own pool; empty where it shares the service's. */
    Optional<HikariDataSource> ownPool() {
        return Optional.ofNullable(ownPool);
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

}

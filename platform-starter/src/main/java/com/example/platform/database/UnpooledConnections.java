package com.example.platform.database;

import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Connections to a pool's database that bypass the pool: a check of whether the database
 * answers must not wait behind requests for a pooled connection, nor take one from them.
 */
public final class UnpooledConnections {

    private UnpooledConnections() {
    }

    /**
     * Opens a new connection for each {@code getConnection()}, with the pool's URL,
     * credentials and driver properties, each step bounded by {@code timeout}.
     */
    public static DataSource to(HikariDataSource pool, Duration timeout) {
        DriverManagerDataSource unpooled = new DriverManagerDataSource(pool.getJdbcUrl(), pool.getUsername(),
                pool.getPassword());
        if (pool.getDriverClassName() != null) {
            unpooled.setDriverClassName(pool.getDriverClassName());
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
        // PostgreSQL's driver, in seconds
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        unpooled.setConnectionProperties(properties);
        return unpooled;
    }

}

package com.example.events.reservationservice.database;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The two pools of {@link DatabasePools}, each configured by
 * {@code spring.datasource.hikari.*} (timeouts, driver properties), sized by
 * {@code database.*}; the listener's with driver properties of its own over those
 * ({@code database.listener.data-source-properties}). Their metrics are Hikari's, tagged
 * {@code pool=reservation-api} and {@code pool=reservation-listener}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DatabasePools dataSource(DataSourceProperties connection, DatabaseProperties database, Environment environment,
            ObjectProvider<MeterRegistry> meters) {
        HikariDataSource api = pool("reservation-api", database.apiConnections(), connection, environment, meters);
        HikariDataSource listener = pool("reservation-listener", database.listenerConnections(), connection,
                environment, meters);
        database.listener().dataSourceProperties().forEach(listener::addDataSourceProperty);
        return new DatabasePools(api, listener);
    }

    private static HikariDataSource pool(String name, int size, DataSourceProperties connection,
            Environment environment, ObjectProvider<MeterRegistry> meters) {
        HikariDataSource pool = new HikariDataSource();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        pool.setJdbcUrl(connection.determineUrl());
        pool.setUsername(connection.determineUsername());
        pool.setPassword(connection.determinePassword());
        pool.setDriverClassName(connection.determineDriverClassName());
        pool.setPoolName(name);
        pool.setMaximumPoolSize(size);
        meters.ifAvailable(registry -> pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
        return pool;
    }

}

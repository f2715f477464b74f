package com.example.platform.health;

import com.example.platform.database.UnpooledConnections;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The {@code db} health indicator on a connection of its own instead of Boot's, which
 * borrows one from the pool on every probe; a service's own bean named
 * {@code dbHealthIndicator} replaces it.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
        before = DataSourceHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, DataSourceHealthContributorAutoConfiguration.class })
@ConditionalOnBean(HikariDataSource.class)
@EnableConfigurationProperties(DatabaseHealthProperties.class)
public class DatabaseHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
    HealthIndicator dbHealthIndicator(HikariDataSource pool, DatabaseHealthProperties settings) {
        return new DatabaseHealthIndicator(UnpooledConnections.to(pool, settings.timeout()), settings);
    }

}

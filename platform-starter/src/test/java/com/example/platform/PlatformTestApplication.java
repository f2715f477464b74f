package com.example.platform;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * The smallest service the platform serves: one controller ({@link ThingController}) and
 * whatever the starter configures, nothing of member-service or reservation-service. It
 * has no database; Boot's JDBC and Flyway are on the test classpath for
 * {@code MigrateCommandIT} alone.
 */
@SpringBootApplication(exclude = { DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
public class PlatformTestApplication {

}

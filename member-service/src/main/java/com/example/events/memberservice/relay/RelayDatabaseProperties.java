package com.example.events.memberservice.relay;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's own pool, where it differs from the service's.
 *
 * @param dataSourceProperties JDBC driver properties set over
 * {@code spring.datasource.hikari.data-source-properties}: the relay's statements are
 * short, so their timeouts are too
 */
@ConfigurationProperties("outbox.relay.database")
record RelayDatabaseProperties(@DefaultValue Map<String, String> dataSourceProperties) {
}

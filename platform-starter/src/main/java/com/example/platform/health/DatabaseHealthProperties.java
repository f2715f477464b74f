package com.example.platform.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often operators' probes may reach the database.
 *
 * @param cacheFor a result is reused this long, so frequent probes do not turn into as
 * many connections
 * @param timeout opening the connection and the check together; longer counts as DOWN
 */
@ConfigurationProperties("observability.database-health")
public record DatabaseHealthProperties(@DefaultValue("5s") Duration cacheFor, @DefaultValue("2s") Duration timeout) {
}

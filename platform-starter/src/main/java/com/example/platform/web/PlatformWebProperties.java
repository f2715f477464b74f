package com.example.platform.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxConcurrentRequests requests served at once ({@code MAX_CONCURRENT_REQUESTS});
 * far above the database connections the API has, so that short bursts queue for a
 * connection (up to the pool's connection timeout, then 503 database-unavailable) rather
 * than being refused
 * @param databaseRetryAfter what {@code Retry-After} tells a client the database could
 * not serve: long enough for a pool to free a connection or a failover to finish starting
 * @param maxRequestBody the largest request body accepted ({@code WEB_MAX_REQUEST_BODY});
 * a larger one is answered 413 before it is read
 */
@Validated
@ConfigurationProperties("web")
public record PlatformWebProperties(@DefaultValue("100") @Min(1) int maxConcurrentRequests,
        @DefaultValue("2s") Duration databaseRetryAfter, @DefaultValue("64KB") DataSize maxRequestBody) {

    /** {@code Retry-After} counts whole seconds. */
    public long databaseRetryAfterSeconds() {
        return Math.max(1, databaseRetryAfter.toSeconds());
    }

}

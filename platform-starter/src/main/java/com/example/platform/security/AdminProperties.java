package com.example.platform.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials for the admin endpoints ({@code ADMIN_USERNAME} / {@code ADMIN_PASSWORD}).
 * There is no default password: a service started without ADMIN_PASSWORD refuses to start
 * rather than expose its admin tooling with a guessable one. Not on AWS, where admins
 * present a token with the admin scope instead.
 *
 * @param username the admin user of HTTP Basic ({@code ADMIN_USERNAME})
 * @param password its password ({@code ADMIN_PASSWORD}), required
 */
@Validated
@ConfigurationProperties("admin")
record AdminProperties(@NotBlank String username,
        @NotBlank(message = "set ADMIN_PASSWORD; the admin endpoints have no default password") String password) {
}

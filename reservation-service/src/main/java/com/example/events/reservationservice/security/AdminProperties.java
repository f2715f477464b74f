package com.example.events.reservationservice.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials for the admin endpoints. There is no default password: a service started
 * without ADMIN_PASSWORD refuses to start rather than expose the dead-letter tooling with
 * a guessable one. Not on AWS, where admins present a token with the admin scope instead.
 */
@Validated
@Profile("!aws")
@ConfigurationProperties("admin")
record AdminProperties(@NotBlank String username,
        @NotBlank(message = "set ADMIN_PASSWORD; the admin endpoints have no default password") String password) {
}

package com.example.events.memberservice.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * The scopes a token must grant on AWS: {@code api} for the members API (and its
 * documents), {@code admin} for the admin endpoints. With the stack's Cognito user pool
 * they read {@code member-service/api} and {@code member-service/admin}.
 */
@Validated
@Profile("aws")
@ConfigurationProperties("security.oauth2.scopes")
record OAuth2ScopeProperties(@NotBlank String api, @NotBlank String admin) {
}

package com.example.platform.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The scopes a token must grant on AWS: {@code api} for the service's API (and its
 * documents), {@code admin} for its admin endpoints. With the stack's Cognito user pool
 * they read {@code <service>/api} and {@code <service>/admin} ({@code OAUTH2_API_SCOPE},
 * {@code OAUTH2_ADMIN_SCOPE}).
 *
 * @param api the scope the service's API and its documents require
 * @param admin the scope the service's {@code /admin/**} endpoints require
 */
@Validated
@ConfigurationProperties("security.oauth2.scopes")
record OAuth2ScopeProperties(@NotBlank String api, @NotBlank String admin) {
}

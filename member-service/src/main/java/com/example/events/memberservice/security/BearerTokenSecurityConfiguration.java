package com.example.events.memberservice.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * On AWS no caller is anonymous: every request but the health probes carries a JWT from
 * the configured issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri},
 * whose keys Spring fetches on first use), and the token's scopes decide what it may do.
 */
@Configuration(proxyBeanMethods = false)
@Profile("aws")
class BearerTokenSecurityConfiguration {

    @Bean
    SecurityFilterChain bearerTokenFilterChain(HttpSecurity http, OAuth2ScopeProperties scopes, JsonMapper jsonMapper)
            throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized(jsonMapper);
        AccessDeniedHandler forbidden = forbidden(jsonMapper);
        http.authorizeHttpRequests(requests -> requests
            // the load balancer's health check and ECS know no token
            .requestMatchers("/actuator/health", "/actuator/health/**")
            .permitAll()
            .requestMatchers("/admin/**")
            .hasAuthority("SCOPE_" + scopes.admin())
            .anyRequest()
            .hasAuthority("SCOPE_" + scopes.api()))
            .oauth2ResourceServer(oauth2 -> oauth2.jwt(Customizer.withDefaults())
                .authenticationEntryPoint(unauthorized)
                .accessDeniedHandler(forbidden))
            .exceptionHandling(
                    handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .httpBasic(basic -> basic.disable())
            .formLogin(form -> form.disable());
        return http.build();
    }

    /** 401 with the RFC 6750 challenge, and a problem+json body. */
    private static AuthenticationEntryPoint unauthorized(JsonMapper jsonMapper) {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        return (request, response, authException) -> {
            challenge.commence(request, response, authException);
            ProblemResponses.write(response, jsonMapper, HttpStatus.UNAUTHORIZED, "/problems/unauthorized",
                    "Unauthorized", "Send an access token from the configured issuer: Authorization: Bearer <token>");
        };
    }

    /** 403 with the insufficient_scope challenge, and a problem+json body. */
    private static AccessDeniedHandler forbidden(JsonMapper jsonMapper) {
        BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();
        return (request, response, accessDeniedException) -> {
            challenge.handle(request, response, accessDeniedException);
            ProblemResponses.write(response, jsonMapper, HttpStatus.FORBIDDEN, "/problems/forbidden", "Forbidden",
                    "The access token does not grant the scope this request needs");
        };
    }

}

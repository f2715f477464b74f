package com.example.platform.security;

import java.io.IOException;

import com.example.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call a service. {@code /admin/**} is for admins, everything else for the API's
 * callers; a refusal is problem+json like every other error. Before Boot's own security,
 * so that its generated user and default chain back off; a service that declares a
 * {@link SecurityFilterChain} (or a {@link UserDetailsService}) replaces the platform's.
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        UserDetailsServiceAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PlatformSecurityAutoConfiguration {

    /** The admin area of every service. */
    static final String ADMIN_PATHS = "/admin/**";

    /** The probes of a load balancer or an orchestrator, which know no credentials. */
    static final String[] HEALTH_PATHS = { "/actuator/health", "/actuator/health/**" };

    /**
     * HTTP Basic with the admin's credentials. Laptops, compose and the tests opt out
     * with the {@code local} profile: there only the admin endpoints need credentials.
     * Any other deployment that is not on AWS fails closed: every request but the probes
     * needs them, so forgetting a profile never publishes an open API.
     */
    @Configuration(proxyBeanMethods = false)
    @Profile("!aws")
    @EnableConfigurationProperties(AdminProperties.class)
    static class BasicAuthConfiguration {

        @Bean
        @ConditionalOnMissingBean(SecurityFilterChain.class)
        SecurityFilterChain basicAuthFilterChain(HttpSecurity http, JsonMapper jsonMapper, Environment environment)
                throws Exception {
            boolean local = environment.acceptsProfiles(Profiles.of("local"));
            AuthenticationEntryPoint unauthorized = (request, response, authException) -> {
                response.setHeader("WWW-Authenticate", "Basic realm=\"admin\"");
                refuse(response, jsonMapper, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
                        local ? "Admin endpoints need HTTP Basic credentials"
                                : "Every request needs HTTP Basic credentials outside the local profile");
            };
            http.authorizeHttpRequests(requests -> {
                requests.requestMatchers(ADMIN_PATHS).hasRole("ADMIN");
                if (local) {
                    requests.anyRequest().permitAll();
                }
                else {
                    requests.requestMatchers(HEALTH_PATHS).permitAll().anyRequest().authenticated();
                }
            })
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized))
                // a JSON API authenticated per request: no session, so no CSRF token to
                // steal; an admin POST takes a JSON body, which a cross-site form cannot
                // send
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .logout(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        @ConditionalOnMissingBean(UserDetailsService.class)
        UserDetailsService adminUser(AdminProperties admin) {
            PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
        }

    }

    /**
     * On AWS no caller is anonymous: every request but the health probes carries a JWT
     * from the configured issuer
     * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, whose keys Spring
     * fetches on first use), and the token's scopes decide what it may do.
     */
    @Configuration(proxyBeanMethods = false)
    @Profile("aws")
    @EnableConfigurationProperties(OAuth2ScopeProperties.class)
    static class BearerTokenConfiguration {

        @Bean
        @ConditionalOnMissingBean(SecurityFilterChain.class)
        SecurityFilterChain bearerTokenFilterChain(HttpSecurity http, OAuth2ScopeProperties scopes,
                JsonMapper jsonMapper) throws Exception {
            AuthenticationEntryPoint unauthorized = unauthorized(jsonMapper);
            AccessDeniedHandler forbidden = forbidden(jsonMapper);
            http.authorizeHttpRequests(requests -> requests
                // the load balancer's health check and ECS know no token
                .requestMatchers(HEALTH_PATHS)
                .permitAll()
                .requestMatchers(ADMIN_PATHS)
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
                refuse(response, jsonMapper, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
                        "Send an access token from the configured issuer: Authorization: Bearer <token>");
            };
        }

        /** 403 with the insufficient_scope challenge, and a problem+json body. */
        private static AccessDeniedHandler forbidden(JsonMapper jsonMapper) {
            BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();
            return (request, response, accessDeniedException) -> {
                challenge.handle(request, response, accessDeniedException);
                refuse(response, jsonMapper, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                        "The access token does not grant the scope this request needs");
            };
        }

    }

    private static void refuse(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status, String type,
            String title, String detail) throws IOException {
        Problems.write(response, jsonMapper, Problems.problem(status, type, title, detail));
    }

}

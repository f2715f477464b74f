package com.example.events.reservationservice.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Laptops, compose and the tests: only the admin endpoints need credentials (HTTP Basic);
 * the public API and the probes stay open. On AWS
 * {@link BearerTokenSecurityConfiguration} takes over.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!aws")
class BasicAuthSecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationEntryPoint problemEntryPoint)
            throws Exception {
        http.authorizeHttpRequests(
                requests -> requests.requestMatchers("/admin/**").hasRole("ADMIN").anyRequest().permitAll())
            .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(problemEntryPoint))
            // a JSON API authenticated per request: no session, so no CSRF token to steal
            .csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .formLogin(form -> form.disable())
            .logout(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService adminUser(AdminProperties admin) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername(admin.username()).password(encoder.encode(admin.password())).roles("ADMIN").build());
    }

    @Bean
    AuthenticationEntryPoint problemEntryPoint(JsonMapper jsonMapper) {
        return (request, response, authException) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"admin\"");
            ProblemResponses.write(response, jsonMapper, HttpStatus.UNAUTHORIZED, "/problems/unauthorized",
                    "Unauthorized", "Admin endpoints need HTTP Basic credentials");
        };
    }

}

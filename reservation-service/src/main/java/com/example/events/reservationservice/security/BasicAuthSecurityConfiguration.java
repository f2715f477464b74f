package com.example.events.reservationservice.security;

import java.io.IOException;

import com.example.events.reservationservice.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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

/** Only the admin endpoints need credentials; the public API and the probes stay open. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

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
        return (request, response, authException) -> writeUnauthorized(response, jsonMapper);
    }

    private static void writeUnauthorized(HttpServletResponse response, JsonMapper jsonMapper) throws IOException {
        ProblemDetail problem = Problems.problem(HttpStatus.UNAUTHORIZED, "/problems/unauthorized", "Unauthorized",
                "Admin endpoints need HTTP Basic credentials");
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("WWW-Authenticate", "Basic realm=\"admin\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }

}

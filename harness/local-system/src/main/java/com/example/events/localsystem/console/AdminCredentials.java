package com.example.events.localsystem.console;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.example.events.localsystem.LocalSystem;

/**
 * The services' admin user, as the console sends it (HTTP Basic) to their admin
 * endpoints.
 */
public record AdminCredentials(String username, String password) {

    /**
     * ADMIN_USERNAME / ADMIN_PASSWORD, each defaulting to what the local system gives the
     * services when they are unset.
     */
    public static AdminCredentials fromEnvironment() {
        return new AdminCredentials(variable("ADMIN_USERNAME", LocalSystem.DEFAULT_ADMIN_USERNAME),
                variable("ADMIN_PASSWORD", LocalSystem.DEFAULT_ADMIN_PASSWORD));
    }

    /** The local system's defaults. */
    public static AdminCredentials defaults() {
        return new AdminCredentials(LocalSystem.DEFAULT_ADMIN_USERNAME, LocalSystem.DEFAULT_ADMIN_PASSWORD);
    }

    String authorization() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + username + "]";
    }

    private static String variable(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

}

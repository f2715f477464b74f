package com.example.events.localsystem;

/** How a service (or a test looking behind it) connects to its own database. */
public record Database(String jdbcUrl, String username, String password) {
}

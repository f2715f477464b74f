package com.example.events.infra;

/**
 * What infra needs to know about one service: its name (also the ECR repository and
 * container name), the port it listens on and the database it owns.
 */
public record ServiceSpec(String name, int port, String databaseName, String databaseUser) {

    public static final ServiceSpec MEMBER = new ServiceSpec("member-service", 8081, "member", "member");

    public static final ServiceSpec RESERVATION = new ServiceSpec("reservation-service", 8082, "reservation",
            "reservation");

}

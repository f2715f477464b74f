package com.example.events.infra;

/**
 * What infra needs to know about one service: its name (also the image repository, the
 * container and the OAuth2 resource server), the port it listens on, the database it
 * owns, the database's owner (who migrates) and the role the service runs as (its profile
 * aws's default {@code spring.datasource.username}).
 */
public record ServiceSpec(String name, int port, String databaseName, String databaseOwner, String runtimeRole) {

    public static final ServiceSpec MEMBER = new ServiceSpec("member-service", 8081, "member", "member", "member_app");

    public static final ServiceSpec RESERVATION = new ServiceSpec("reservation-service", 8082, "reservation",
            "reservation", "reservation_app");

    /** The scope a token needs for the service's API. */
    public String apiScope() {
        return name + "/api";
    }

    /** member.DOMAIN for member-service. */
    public String hostName(String domain) {
        return name.substring(0, name.indexOf('-')) + "." + domain;
    }

    /** The scope a token needs for the service's admin endpoints. */
    public String adminScope() {
        return name + "/admin";
    }

}

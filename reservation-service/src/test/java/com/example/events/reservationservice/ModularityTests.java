package com.example.events.reservationservice;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each feature package (messaging, memberreplica, reservation, dlq, database,
 * observability, web) is a module: another one may use only the public types of its base
 * package, never those of a sub-package, and no two depend on each other in a cycle. What
 * every service shares (problem answers, security, metrics export, the broker check) is
 * the platform starter's, outside these packages.
 */
class ModularityTests {

    @Test
    void featurePackagesKeepTheirInternalsToThemselves() {
        ApplicationModules.of(ReservationServiceApplication.class).verify();
    }

}

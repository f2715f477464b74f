package com.example.events.reservationservice;

import com.example.events.testsupport.ModuleDiagrams;
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

    private final ApplicationModules modules = ApplicationModules.of(ReservationServiceApplication.class);

    @Test
    void featurePackagesKeepTheirInternalsToThemselves() {
        modules.verify();
    }

    /**
     * docs/modules/reservation-service: the diagrams (PlantUML, C4) and a canvas per
     * module, written from the code so they cannot drift from it.
     */
    @Test
    void writesTheModuleDiagrams() {
        ModuleDiagrams.write(modules, "reservation-service");
    }

}

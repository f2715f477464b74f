package com.example.events.memberservice;

import com.example.events.testsupport.ModuleDiagrams;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages are modules: one reaches another only through what that one
 * exposes (its public types in its top package), and none depend on each other in a
 * cycle. member announces its changes as events; eventlog records them in the log that is
 * also the outbox and compacts it; relay publishes the log to SNS; admin lets an operator
 * look at the log and replay it; observability turns it into gauges and the broker
 * readiness check. What every service shares (problem answers, security, metrics export,
 * the broker check itself) is the platform starter's, outside these packages.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(MemberServiceApplication.class);

    @Test
    void featurePackagesOnlyUseEachOthersApi() {
        modules.verify();
    }

    /**
     * docs/modules/member-service: the diagrams (PlantUML, C4) and a canvas per module,
     * written from the code so they cannot drift from it.
     */
    @Test
    void writesTheModuleDiagrams() {
        ModuleDiagrams.write(modules, "member-service");
    }

}

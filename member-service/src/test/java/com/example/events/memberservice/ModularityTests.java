package com.example.events.memberservice;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages (member, outbox, web) are modules: one reaches another only
 * through what that one exposes (its public types in its top package), and none depend on
 * each other in a cycle. member announces its changes as events; outbox records them;
 * neither reaches into the other's internals. What every service shares (problem answers,
 * security, metrics export, the broker check) is the platform starter's, outside these
 * packages.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(MemberServiceApplication.class);

    @Test
    void featurePackagesOnlyUseEachOthersApi() {
        modules.verify();
    }

}

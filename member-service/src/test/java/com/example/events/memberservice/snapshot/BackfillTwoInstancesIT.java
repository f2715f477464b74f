package com.example.events.memberservice.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service, one backfill: the instance holding its lease runs it, the
 * other only looks; when the first stops, the other goes on from the first one's last
 * chunk. No chunk is emitted twice.
 */
class BackfillTwoInstancesIT extends BackfillIntegrationTestSupport {

    private static final int MEMBERS = 3_000;

    static ConfigurableApplicationContext otherInstance;

    @Autowired
    BackfillRunner runner;

    @BeforeAll
    static void startTheOtherInstance() {
        otherInstance = startAnotherInstance();
    }

    @AfterAll
    static void stopTheOtherInstance() {
        otherInstance.close();
    }

    @Test
    void oneInstanceRunsTheBackfillAndTheOtherGoesOnWhenItStopsWithNoChunkEmittedTwice() {
        List<UUID> members = insertMembers(MEMBERS);
        double emittedHereBefore = emitted(meters);
        double emittedThereBefore = emitted(otherInstance.getBean(MeterRegistry.class));
        try {
            assertThat(startBackfill(api, Map.of("chunkSize", 20)).getStatusCode().value()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> scanned() >= 600);
            assertThat(emitted(otherInstance.getBean(MeterRegistry.class)) - emittedThereBefore)
                .as("the other instance only looked while this one held the lease")
                .isZero();

            runner.stop();
            awaitBackfill(api, "DONE", Duration.ofSeconds(60));
        }
        finally {
            runner.start();
        }

        double emittedHere = emitted(meters) - emittedHereBefore;
        double emittedThere = emitted(otherInstance.getBean(MeterRegistry.class)) - emittedThereBefore;
        assertThat(emittedHere).as("this instance's chunks").isPositive();
        assertThat(emittedThere).as("the other instance's chunks").isPositive();
        assertThat(emittedHere + emittedThere).isEqualTo(MEMBERS);
        assertThat(withoutExactlyOneSnapshot(members)).isEmpty();
        assertThat(snapshottedTwice()).isEmpty();
    }

    private static double emitted(MeterRegistry registry) {
        return registry.find("backfill.members.emitted").counters().stream().mapToDouble(Counter::count).sum();
    }

}

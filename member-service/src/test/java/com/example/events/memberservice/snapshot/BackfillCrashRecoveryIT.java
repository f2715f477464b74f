package com.example.events.memberservice.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.ServiceInItsOwnJvm;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backfill survives the process running it being killed: started again, the service
 * takes it over once the dead one's lease has ended and goes on from the last chunk that
 * committed, so every member gets exactly one snapshot. The service runs in a JVM of its
 * own, killed with SIGKILL; this test's own instance takes no part.
 */
class BackfillCrashRecoveryIT extends BackfillIntegrationTestSupport {

    private static final int MEMBERS = 3_000;

    @Autowired
    BackfillRunner runner;

    @Test
    void aBackfillWhoseProcessWasKilledResumesFromItsLastChunkWhenTheServiceStartsAgain() throws Exception {
        runner.stop();
        try {
            List<UUID> members = insertMembers(MEMBERS);
            long scannedAtKill;
            try (ServiceInItsOwnJvm first = ServiceInItsOwnJvm.start(Map.of(), arguments())) {
                MemberApi firstApi = new MemberApi(port(first));
                assertThat(startBackfill(firstApi, Map.of("chunkSize", 20)).getStatusCode().value()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> scanned() >= MEMBERS / 5);
                first.kill();
            }
            scannedAtKill = scanned();
            assertThat(scannedAtKill).as("killed mid-way").isLessThan(MEMBERS);
            assertThat(snapshots()).as("a chunk's events committed with its cursor and counters")
                .isEqualTo(scannedAtKill);
            assertThat(jdbc.sql("select state from backfill").query(String.class).single()).isEqualTo("RUNNING");

            try (ServiceInItsOwnJvm second = ServiceInItsOwnJvm.start(Map.of(), arguments())) {
                JsonNode done = awaitBackfill(new MemberApi(port(second)), "DONE", Duration.ofSeconds(90));

                assertThat(done.get("scanned").asLong()).isEqualTo(MEMBERS);
                assertThat(done.get("emitted").asLong()).isEqualTo(MEMBERS);
                assertThat(second.output()).as("went on from where the killed one was")
                    .anySatisfy(line -> assertThat(line).contains("taken over from")
                        .contains("after " + scannedAtKill + " members"));
            }
            assertThat(withoutExactlyOneSnapshot(members)).isEmpty();
            assertThat(snapshottedTwice()).isEmpty();
            assertThat(snapshots()).isEqualTo(MEMBERS);
        }
        finally {
            runner.start();
        }
    }

    /**
     * This test's database and broker, a chunk at a time with a pause so the kill lands
     * mid-way.
     */
    private static List<String> arguments() {
        List<String> arguments = new ArrayList<>(Arrays.asList(TestInfrastructure.applicationArguments("member")));
        arguments.addAll(List.of("--server.port=0", "--backfill.pause=10ms"));
        return arguments;
    }

    // Tomcat says where it listens: "Tomcat started on port 12345 (http)"
    private static int port(ServiceInItsOwnJvm service) {
        return service.output()
            .stream()
            .filter(line -> line.contains("Tomcat started on port "))
            .map(line -> line.replaceAll(".*Tomcat started on port (\\d+).*", "$1"))
            .map(Integer::parseInt)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no port in\n" + String.join("\n", service.output())));
    }

}

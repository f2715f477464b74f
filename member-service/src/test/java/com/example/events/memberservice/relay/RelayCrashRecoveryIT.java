package com.example.events.memberservice.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.memberservice.ServiceInItsOwnJvm;
import com.example.events.testsupport.SubscribedQueue;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance dies after its commit and before its relay published the event: the event
 * is in the database, reserved for the dead relay, nowhere else. Once the reservation's
 * lease has ended another instance publishes it, once. Or a relay dies between claiming
 * events and publishing them: they go out once its lease has run out.
 */
class RelayCrashRecoveryIT extends OutboxIntegrationTestSupport {

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Autowired
    PendingEvents pending;

    @Autowired
    MemberEventsTopic topic;

    /**
     * The crashing instance is a process of its own, killed with SIGKILL. Its SNS
     * endpoint accepts connections and never answers, so its relay, holding the event
     * handed over at the commit, is still waiting on PublishBatch when it dies.
     */
    @Test
    void anEventWhoseInstanceDiedAfterTheCommitIsPublishedByAnotherOnceTheLeaseEnds() throws Exception {
        try (SilentEndpoint silentSns = new SilentEndpoint();
                ServiceInItsOwnJvm crashing = ServiceInItsOwnJvm.start(Map.of(), arguments(silentSns.port()))) {
            int port = port(crashing);
            var response = new MemberApi(port).register("Crash Test", "crash@example.com");
            assertThat(response.getStatusCode().value()).isEqualTo(201);
            crashing.kill();
            UUID memberId = id(response.getBody());

            assertThat(jdbc.sql("select claimed_until is not null from event_log where member_id = :member")
                .param("member", memberId)
                .query(Boolean.class)
                .single()).as("reserved for the crashed instance's relay at its insert").isTrue();
            assertThat(subscription.drain(Duration.ofSeconds(2)))
                .as("no other relay publishes it while the lease lasts")
                .isEmpty();
            List<Message> delivered = subscription.receive(1, Duration.ofSeconds(40));
            assertThat(delivered).hasSize(1);
            var event = json.readTree(delivered.getFirst().body());
            assertThat(event.get("eventType").asString()).isEqualTo("MemberRegistered");
            assertThat(event.get("memberId").asString()).isEqualTo(memberId.toString());
            awaitNothingPending();
            assertThat(subscription.drain(Duration.ofSeconds(1))).as("once").isEmpty();
        }
    }

    @Test
    void eventsClaimedByARelayThatDiedArePublishedWhenItsLeaseRunsOut() {
        relay.stop();
        try {
            UUID memberId = register("Claimed", "claimed@example.com");
            // a relay claims the event and dies before publishing it
            assertThat(pending.claim(10, Duration.ofSeconds(4))).hasSize(1);
            relay.start();

            assertThat(subscription.drain(Duration.ofSeconds(1))).as("nobody publishes it while the lease lasts")
                .isEmpty();
            List<Message> delivered = subscription.receive(1, Duration.ofSeconds(20));
            assertThat(delivered).hasSize(1);
            assertThat(json.readTree(delivered.getFirst().body()).get("memberId").asString())
                .isEqualTo(memberId.toString());
            awaitNothingPending();
            assertThat(subscription.drain(Duration.ofSeconds(1))).as("once").isEmpty();
        }
        finally {
            relay.start();
        }
    }

    /**
     * This test's database and topic; SNS at the silent endpoint; one PublishBatch
     * request per round, so that the lease may be short. The publish timeout outlasts the
     * time from the commit to the kill, so the relay never gives the event back.
     */
    private List<String> arguments(int snsPort) {
        List<String> arguments = new ArrayList<>(Arrays.stream(TestInfrastructure.applicationArguments("member"))
            .filter(argument -> !argument.startsWith("--spring.cloud.aws.endpoint="))
            .toList());
        arguments.addAll(List.of("--server.port=0", "--spring.cloud.aws.endpoint=http://localhost:" + snsPort,
                "--messaging.topic-arn=" + topic.arn(), "--outbox.relay.batch-size=10",
                "--outbox.relay.max-in-flight=1", "--outbox.relay.publish-timeout=5s", "--outbox.relay.lease=15s"));
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

    /** Accepts connections and never answers on them. */
    private static final class SilentEndpoint implements AutoCloseable {

        private final ServerSocket server;

        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentEndpoint() throws IOException {
            this.server = new ServerSocket(0);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    }
                    catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

    }

}

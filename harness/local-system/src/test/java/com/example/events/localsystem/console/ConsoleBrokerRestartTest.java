package com.example.events.localsystem.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.events.localsystem.LocalBroker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's broker restart against a real broker: this test plays the services,
 * creating the topology before the restart and again after it, and stands in for
 * member-service's outbox status, the one number the console needs from it.
 */
class ConsoleBrokerRestartTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    private static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void aRestartSaysWhenTheServicesHaveCreatedTheirTopologyAgainAndWhereToReplayFrom() throws Exception {
        HttpServer memberService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        memberService.createContext("/admin/outbox", exchange -> answer(exchange,
                "{\"pending\": 1, \"published\": 9, \"lastSequence\": 10, \"oldestPendingAgeSeconds\": 0}"));
        memberService.start();
        URI members = URI.create("http://localhost:" + memberService.getAddress().getPort());
        // LocalStack where it is installed, as the tests' broker everywhere else
        try (LocalBroker broker = LocalBroker.start(LocalBroker.Kind.preferred(), 0, directory.resolve("broker.log"));
                SnsClient sns = broker.broker().snsClient();
                SqsClient sqs = broker.broker().sqsClient();
                Console console = Console.start(new Console.Target("member-service", members, "reservation-service",
                        members, broker.broker(),
                        List.of(Part.broker(broker.endpoint(), broker::restart,
                                List.of("member-service", "reservation-service"))),
                        directory.resolve("ops/reconcile")), 0, AdminCredentials.defaults())) {
            String topicArn = createTopology(sns, sqs);
            for (int i = 0; i < 2; i++) {
                sns.publish(request -> request.topicArn(topicArn).message("{}"));
            }
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(state(console).path("queue").path("visible").asLong()).isEqualTo(2));

            assertThat(post(console, "{\"part\": \"broker\", \"handle\": \"restart\"}")).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(activity(console)).contains("broker restarted, empty in"));
            assertThat(sns.listTopics().topics()).as("topics after the restart").isEmpty();
            createTopology(sns, sqs);

            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(activity(console)).containsPattern(
                        "member-service created topic member-events again within [0-9.]+ s, reservation-service its "
                                + "queue, dead-letter queue and subscription within [0-9.]+ s\\. .*catch up with "
                                + "Replay for reservation from sequence 8 \\(the newest stored event before the "
                                + "restart was 10, with 2 message\\(s\\) on the queue and 1 event\\(s\\) not yet "
                                + "published;"));
        }
        finally {
            memberService.stop(0);
        }
    }

    // as the services create it: member-service the topic, reservation-service the rest
    private static String createTopology(SnsClient sns, SqsClient sqs) {
        String topicArn = sns.createTopic(request -> request.name(BrokerQueues.TOPIC)).topicArn();
        sqs.createQueue(request -> request.queueName(BrokerQueues.DEAD_LETTER_QUEUE));
        String queueUrl = sqs.createQueue(request -> request.queueName(BrokerQueues.QUEUE)).queueUrl();
        String queueArn = sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(request -> request.topicArn(topicArn)
            .protocol("sqs")
            .endpoint(queueArn)
            .attributes(Map.of("RawMessageDelivery", "true")));
        return topicArn;
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode state(Console console) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(console.url().resolve("/api/state")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
    }

    private static String activity(Console console) throws Exception {
        return state(console).path("activity").toString();
    }

    private static int post(Console console, String body) throws Exception {
        return http
            .send(HttpRequest.newBuilder(console.url().resolve("/api/controls/part"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.discarding())
            .statusCode();
    }

}

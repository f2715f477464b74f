package com.example.events.reservationservice;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.testsupport.TestInfrastructure;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a reachable broker the service still starts and serves its API; only the consumer waits. */
class BrokerUnavailableAtStartupIT {

    @Test
    void theServiceStartsAndServesWithoutTheBroker() throws Exception {
        List<String> properties = new ArrayList<>(List.of(TestInfrastructure.applicationProperties("reservation")));
        properties.removeIf(property -> property.startsWith("spring.cloud.aws.endpoint="));
        properties.add("spring.cloud.aws.endpoint=http://127.0.0.1:" + closedPort());
        properties.add("server.port=0");

        // as command-line arguments, so they win over application.yml (builder "properties" are only defaults)
        String[] arguments = properties.stream().map(property -> "--" + property).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                ReservationServiceApplication.class).run(arguments)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();

            assertThat(status(http, port, "/actuator/health/liveness")).isEqualTo(200);
            assertThat(status(http, port, "/member-replica/" + UUID.randomUUID())).isEqualTo(404);
            assertThat(status(http, port, "/reservations?memberId=" + UUID.randomUUID())).isEqualTo(200);
            assertThat(context.getBean(MessageListenerContainerRegistry.class).getListenerContainers())
                .allSatisfy(container -> assertThat(container.isRunning()).isFalse());
        }
    }

    private static int status(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package com.example.events.reservationservice.messaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.TestHttpClient;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a reachable broker the service still starts and serves its API; only the
 * consumer waits.
 */
class BrokerUnavailableAtStartupIT {

    @Test
    void theServiceStartsAndServesWithoutTheBroker() throws Exception {
        try (ConfigurableApplicationContext context = AnotherInstance
            .start("spring.cloud.aws.endpoint=http://127.0.0.1:" + closedPort())) {
            TestHttpClient http = AnotherInstance.http(context);

            assertThat(http.status("/actuator/health/liveness")).isEqualTo(200);
            assertThat(http.status("/member-replica/" + UUID.randomUUID())).isEqualTo(404);
            assertThat(http.status("/reservations?memberId=" + UUID.randomUUID())).isEqualTo(200);
            assertThat(context.getBean(MessageListenerContainerRegistry.class).getListenerContainers())
                .allSatisfy(container -> assertThat(container.isRunning()).isFalse());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}

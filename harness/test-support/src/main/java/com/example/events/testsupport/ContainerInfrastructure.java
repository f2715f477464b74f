package com.example.events.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.example.events.localsystem.Broker;
import com.example.events.localsystem.NativeLocalStack;
import com.example.events.localsystem.RestartableBroker;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack and PostgreSQL in containers, for machines with a Docker engine. Stopped by
 * Ryuk with the JVM.
 */
final class ContainerInfrastructure {

    // The release the tests run natively where there is no Docker, and compose runs.
    static final String LOCALSTACK_IMAGE = "localstack/localstack:" + NativeLocalStack.RELEASE;
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private static final int LOCALSTACK_PORT = 4566;

    private ContainerInfrastructure() {
    }

    static Broker startLocalStack() {
        LocalStackContainer localStack = localStack();
        localStack.start();
        return broker(localStack);
    }

    /**
     * LocalStack bound to a host port of its own choosing, so that its endpoint stays
     * where it is when the container restarts (empty: LocalStack keeps nothing across a
     * restart unless told to persist).
     */
    static RestartableBroker startRestartableLocalStack() {
        LocalStackContainer localStack = localStack();
        localStack.setPortBindings(List.of(freePort() + ":" + LOCALSTACK_PORT));
        localStack.start();
        return new RestartableLocalStack(localStack, broker(localStack));
    }

    private static LocalStackContainer localStack() {
        // the same settings as the native run and docker-compose.yml (SERVICES among
        // them)
        return new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE)).withEnv(NativeLocalStack.SETTINGS);
    }

    private static Broker broker(LocalStackContainer localStack) {
        return new Broker(localStack.getEndpoint(), localStack.getRegion(), localStack.getAccessKey(),
                localStack.getSecretKey());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No free port", ex);
        }
    }

    static Postgres startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
        postgres.start();
        return new Postgres(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(),
                postgres.getPassword(), postgres.getDatabaseName(), "container " + POSTGRES_IMAGE);
    }

    /** {@code docker restart}, as {@code docker compose restart localstack} does. */
    private record RestartableLocalStack(LocalStackContainer container, Broker broker) implements RestartableBroker {

        private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

        @Override
        public void restart() {
            container.getDockerClient().restartContainerCmd(container.getContainerId()).exec();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(broker.endpoint() + "/_localstack/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
            Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
            try {
                while (Instant.now().isBefore(deadline)) {
                    try {
                        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            return;
                        }
                    }
                    catch (IOException notYet) {
                        // still restarting
                    }
                    Thread.sleep(250);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while LocalStack restarts", ex);
            }
            throw new IllegalStateException("LocalStack did not answer within " + STARTUP_TIMEOUT + " of its restart");
        }

    }

}

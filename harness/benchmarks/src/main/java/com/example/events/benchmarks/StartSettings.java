package com.example.events.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the benchmark changes between two starts of a service, where the launcher's
 * environment is fixed for the run: whether member-service's relay runs, and the broker
 * endpoint each service talks to. Both services read this one file at every start (Spring
 * Boot's {@code spring.config.additional-location}, which overrides the packaged
 * {@code application.yml}); each picks its own endpoint by its
 * {@code spring.application.name}.
 */
final class StartSettings {

    private final Path file;

    StartSettings(Path directory) {
        this.file = directory.resolve("benchmark-start.properties").toAbsolutePath();
    }

    /** The environment variable that makes both services read the file. */
    Map.Entry<String, String> environment() {
        return Map.entry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + file);
    }

    /**
     * For the services' next starts.
     * @param relay whether member-service publishes its outbox
     * @param memberBroker member-service's SNS/SQS endpoint
     * @param reservationBroker reservation-service's SNS/SQS endpoint
     */
    void write(boolean relay, URI memberBroker, URI reservationBroker) {
        String properties = """
                outbox.relay.enabled=%s
                benchmark.broker.member=%s
                benchmark.broker.reservation=%s
                spring.cloud.aws.endpoint=${benchmark.broker.${spring.application.name}}
                """.formatted(relay, memberBroker, reservationBroker);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, properties);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}

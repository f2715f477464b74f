package com.example.events.reservationservice.cloudwatch;

import java.time.Duration;
import java.util.List;

import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudWatchMetricsConfigurationTest {

    // never called: the registry below does not publish
    private final CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
        .region(Region.EU_WEST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .build();

    @Test
    void exportsOnlyTheMetersNamedByTheirPrefixes() {
        CloudWatchMeterRegistry registry = CloudWatchMetricsConfiguration.registry(new CloudWatchMetricsProperties(
                false, "test/reservation-service", Duration.ofMinutes(1), List.of("member.events.")), cloudWatch);

        registry.gauge("member.events.dlq.depth", 3.0);
        registry.counter("member.events.applied").increment();
        registry.gauge("jvm.threads.live", 40.0);
        registry.timer("http.server.requests").record(Duration.ofMillis(5));

        assertThat(registry.getMeters()).extracting(Meter::getId)
            .extracting(id -> id.getName())
            .containsExactlyInAnyOrder("member.events.dlq.depth", "member.events.applied");
        registry.close();
    }

    @Test
    void needsANamespace() {
        assertThatThrownBy(() -> CloudWatchMetricsConfiguration
            .registry(new CloudWatchMetricsProperties(false, "", null, List.of("member.events.")), cloudWatch))
            .hasMessageContaining("CLOUDWATCH_METRICS_NAMESPACE");
    }

}

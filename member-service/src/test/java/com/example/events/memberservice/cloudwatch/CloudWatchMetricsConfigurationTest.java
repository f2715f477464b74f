package com.example.events.memberservice.cloudwatch;

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
                false, "test/member-service", Duration.ofMinutes(1), List.of("outbox.")), cloudWatch);

        registry.gauge("outbox.events.pending.oldest.age", 3.0);
        registry.counter("outbox.publish.failures").increment();
        registry.gauge("jvm.threads.live", 40.0);
        registry.timer("http.server.requests").record(Duration.ofMillis(5));

        assertThat(registry.getMeters()).extracting(Meter::getId)
            .extracting(id -> id.getName())
            .containsExactlyInAnyOrder("outbox.events.pending.oldest.age", "outbox.publish.failures");
        registry.close();
    }

    @Test
    void needsANamespace() {
        assertThatThrownBy(() -> CloudWatchMetricsConfiguration
            .registry(new CloudWatchMetricsProperties(false, "", null, List.of("outbox.")), cloudWatch))
            .hasMessageContaining("CLOUDWATCH_METRICS_NAMESPACE");
    }

}

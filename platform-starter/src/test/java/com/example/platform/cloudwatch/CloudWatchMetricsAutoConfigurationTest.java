package com.example.platform.cloudwatch;

import java.time.Duration;
import java.util.List;

import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudWatchMetricsAutoConfigurationTest {

    // never called: the registries below do not publish
    private final CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
        .region(Region.EU_WEST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CloudWatchMetricsAutoConfiguration.class))
        .withBean(CloudWatchAsyncClient.class, () -> cloudWatch)
        .withPropertyValues("cloudwatch.metrics.namespace=test/things",
                "cloudwatch.metrics.meter-name-prefixes=things.");

    @Test
    void exportsOnlyTheMetersNamedByTheirPrefixes() {
        CloudWatchMeterRegistry registry = CloudWatchMetricsAutoConfiguration.registry(new CloudWatchMetricsProperties(
                false, "test/things", Duration.ofMinutes(1), List.of("things.", "stuff.")), cloudWatch);

        registry.gauge("things.pending.oldest.age", 3.0);
        registry.counter("stuff.failures").increment();
        registry.gauge("jvm.threads.live", 40.0);
        registry.timer("http.server.requests").record(Duration.ofMillis(5));

        assertThat(registry.getMeters()).extracting(Meter::getId)
            .extracting(id -> id.getName())
            .containsExactlyInAnyOrder("things.pending.oldest.age", "stuff.failures");
        registry.close();
    }

    @Test
    void needsANamespace() {
        assertThatThrownBy(() -> CloudWatchMetricsAutoConfiguration.registry(
                new CloudWatchMetricsProperties(false, "", Duration.ofMinutes(1), List.of("things.")), cloudWatch))
            .hasMessageContaining("CLOUDWATCH_METRICS_NAMESPACE");
    }

    @Test
    void onlyOnAwsAndOnlyWhenEnabled() {
        runner.withPropertyValues("spring.profiles.active=aws", "cloudwatch.metrics.enabled=true")
            .run(context -> assertThat(context).hasSingleBean(CloudWatchMeterRegistry.class));
        runner.withPropertyValues("spring.profiles.active=aws", "cloudwatch.metrics.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(CloudWatchMeterRegistry.class));
        runner.withPropertyValues("cloudwatch.metrics.enabled=true")
            .run(context -> assertThat(context).doesNotHaveBean(CloudWatchMeterRegistry.class));
    }

}

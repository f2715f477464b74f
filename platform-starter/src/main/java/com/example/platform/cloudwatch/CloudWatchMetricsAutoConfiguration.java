package com.example.platform.cloudwatch;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.util.Assert;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * On AWS a service pushes its own meters to CloudWatch (PutMetricData, with the task
 * role), where the alarms in infra/ watch them: nothing has to scrape the task. Beside
 * the Prometheus registry, which keeps serving local runs; ordered as Boot's own export
 * registries are, so that both join the composite registry.
 */
@AutoConfiguration(
        before = { CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class },
        after = MetricsAutoConfiguration.class)
@ConditionalOnClass({ CloudWatchMeterRegistry.class, CloudWatchAsyncClient.class })
@Profile("aws")
@ConditionalOnBooleanProperty("cloudwatch.metrics.enabled")
@EnableConfigurationProperties(CloudWatchMetricsProperties.class)
public class CloudWatchMetricsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    CloudWatchAsyncClient cloudWatchAsyncClient() {
        // region and credentials as every SDK client finds them on ECS: AWS_REGION, the
        // task role
        return CloudWatchAsyncClient.create();
    }

    @Bean
    @ConditionalOnMissingBean
    CloudWatchMeterRegistry cloudWatchMeterRegistry(CloudWatchMetricsProperties properties,
            CloudWatchAsyncClient cloudWatch) {
        return registry(properties, cloudWatch);
    }

    static CloudWatchMeterRegistry registry(CloudWatchMetricsProperties properties, CloudWatchAsyncClient cloudWatch) {
        Assert.hasText(properties.namespace(), "set cloudwatch.metrics.namespace (CLOUDWATCH_METRICS_NAMESPACE)");
        CloudWatchConfig config = new CloudWatchConfig() {

            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public boolean enabled() {
                return properties.enabled();
            }

            @Override
            public String namespace() {
                return properties.namespace();
            }

            @Override
            public java.time.Duration step() {
                return properties.step();
            }

        };
        CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(config, Clock.SYSTEM, cloudWatch);
        registry.config().meterFilter(MeterFilter.denyUnless(id -> properties.exports(id.getName())));
        return registry;
    }

}

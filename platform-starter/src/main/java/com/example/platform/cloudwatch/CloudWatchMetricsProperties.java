package com.example.platform.cloudwatch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What goes to CloudWatch on AWS ({@code CLOUDWATCH_METRICS_ENABLED},
 * {@code CLOUDWATCH_METRICS_NAMESPACE}): the meters whose names start with one of
 * {@code meterNamePrefixes} (the ones the alarms watch, not every JVM and HTTP meter:
 * each CloudWatch metric is paid for), once per {@code step}, into {@code namespace}.
 *
 * @param enabled whether the service pushes meters to CloudWatch (only with profile aws)
 * @param namespace the CloudWatch namespace the alarms read, required when enabled
 * @param step how often the meters are pushed
 * @param meterNamePrefixes only meters whose names start with one of these are pushed
 */
@ConfigurationProperties("cloudwatch.metrics")
public record CloudWatchMetricsProperties(boolean enabled, String namespace, @DefaultValue("1m") Duration step,
        List<String> meterNamePrefixes) {

    public CloudWatchMetricsProperties {
        meterNamePrefixes = meterNamePrefixes == null ? List.of() : List.copyOf(meterNamePrefixes);
    }

    boolean exports(String meterName) {
        return meterNamePrefixes.stream().anyMatch(meterName::startsWith);
    }

}

package com.example.events.reservationservice.cloudwatch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Profile;

/**
 * What goes to CloudWatch on AWS: the meters whose names start with one of
 * {@code meterNamePrefixes} (the ones the alarms watch, not every JVM and HTTP meter:
 * each CloudWatch metric is paid for), once per {@code step}, into {@code namespace}.
 */
@Profile("aws")
@ConfigurationProperties("cloudwatch.metrics")
record CloudWatchMetricsProperties(boolean enabled, String namespace, Duration step, List<String> meterNamePrefixes) {

    CloudWatchMetricsProperties {
        step = step == null ? Duration.ofMinutes(1) : step;
        meterNamePrefixes = meterNamePrefixes == null ? List.of() : List.copyOf(meterNamePrefixes);
    }

    boolean exports(String meterName) {
        return meterNamePrefixes.stream().anyMatch(meterName::startsWith);
    }

}

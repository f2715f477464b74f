package com.example.events.infra.platform;

/**
 * The CloudWatch metric Micrometer's CloudWatch registry publishes for a service's meter
 * (the services' profile aws): a gauge's value as NAME.value, a counter's increase per
 * step as NAME.count, a timer's client-side percentile as NAME.percentile.value with the
 * dimension phi (in milliseconds). Meters carry their tags as dimensions.
 */
public final class CloudWatchMeterNames {

    public static final String PERCENTILE_DIMENSION = "phi";

    private CloudWatchMeterNames() {
    }

    public static String gauge(String meterName) {
        return meterName + ".value";
    }

    public static String counter(String meterName) {
        return meterName + ".count";
    }

    public static String percentile(String meterName) {
        return meterName + ".percentile.value";
    }

}

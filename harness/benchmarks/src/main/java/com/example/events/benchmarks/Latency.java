package com.example.events.benchmarks;

import java.util.Collection;

/** Percentiles of a set of durations, in milliseconds. */
record Latency(int count, double p50, double p95, double p99, double max) {

    static Latency ofMicros(Collection<Long> micros) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latency(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted[sorted.length - 1] / 1000.0);
    }

    // nearest-rank: the value at or below which the given share of samples lies
    private static double percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }

    @Override
    public String toString() {
        return "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)".formatted(p50, p95, p99, max, count);
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "—" : value < 10 ? "%.1f".formatted(value) : "%.0f".formatted(value);
    }
}

package com.example.events.localsystem.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much a set of cumulative counters grew over a sliding window, as PromQL's
 * {@code increase()}: rates and histogram percentiles of the recent past from counters
 * that only ever grow. A counter that went down belongs to a restarted process; the
 * window then starts again from it.
 */
final class Increase {

    /**
     * @param increase per counter, how much it grew
     * @param seconds how long the window covered (0 before a second sample)
     */
    record Delta(Map<Double, Double> increase, double seconds) {

        /** Per second, or null before there is a window to speak of. */
        Double perSecond(double key) {
            return seconds <= 0 ? null : increase.getOrDefault(key, 0.0) / seconds;
        }

        /**
         * The quantile of a histogram whose counters are cumulative bucket counts keyed
         * by upper bound, interpolated within its bucket as Prometheus's
         * {@code histogram_quantile}; null when nothing was observed in the window.
         */
        Double quantile(double q) {
            TreeMap<Double, Double> buckets = new TreeMap<>(increase);
            if (buckets.isEmpty() || buckets.lastEntry().getValue() <= 0) {
                return null;
            }
            double rank = q * buckets.lastEntry().getValue();
            double lowerBound = 0;
            double below = 0;
            for (var bucket : buckets.entrySet()) {
                if (bucket.getValue() >= rank) {
                    if (bucket.getKey().isInfinite()) {
                        return lowerBound;
                    }
                    double inBucket = bucket.getValue() - below;
                    return inBucket <= 0 ? bucket.getKey()
                            : lowerBound + (bucket.getKey() - lowerBound) * (rank - below) / inBucket;
                }
                lowerBound = bucket.getKey();
                below = bucket.getValue();
            }
            return lowerBound;
        }

    }

    private record Sample(long atMillis, Map<Double, Double> counters) {
    }

    private final long windowMillis;

    private final Deque<Sample> samples = new ArrayDeque<>();

    Increase(Duration window) {
        this.windowMillis = window.toMillis();
    }

    /**
     * Adds the counters' current values; returns their growth since the oldest sample
     * still in the window.
     */
    synchronized Delta add(long atMillis, Map<Double, Double> counters) {
        Sample latest = samples.peekLast();
        if (latest != null && wentDown(latest.counters(), counters)) {
            samples.clear();
        }
        samples.addLast(new Sample(atMillis, Map.copyOf(counters)));
        // keep one sample at or beyond the window's start, as its base
        while (samples.size() > 2 && atMillis - secondOldest().atMillis() >= windowMillis) {
            samples.removeFirst();
        }
        Sample base = samples.peekFirst();
        Map<Double, Double> increase = new HashMap<>();
        counters.forEach((key, value) -> increase.put(key, value - base.counters().getOrDefault(key, 0.0)));
        return new Delta(increase, (atMillis - base.atMillis()) / 1000.0);
    }

    private Sample secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }

    private static boolean wentDown(Map<Double, Double> before, Map<Double, Double> now) {
        return before.entrySet().stream().anyMatch(entry -> now.getOrDefault(entry.getKey(), 0.0) < entry.getValue());
    }

}

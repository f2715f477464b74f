package com.example.platform.health;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value computed at most once per period; callers in between get the last one. For what
 * operators' probes and scrapes ask often and a broker or database should answer seldom.
 */
public final class Throttled<T> {

    private final Supplier<T> source;

    private final long periodNanos;

    private T value;

    private long computedAt;

    private boolean computed;

    public Throttled(Supplier<T> source, Duration period) {
        this.source = source;
        this.periodNanos = period.toNanos();
    }

    // Synchronized so that callers arriving together wait for one computation instead of
    // each starting one.
    public synchronized T get() {
        long now = System.nanoTime();
        if (!computed || now - computedAt >= periodNanos) {
            value = source.get();
            computedAt = System.nanoTime();
            computed = true;
        }
        return value;
    }

}

package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.function.Supplier;

/** A value computed at most once per period; callers in between get the last one. */
final class Throttled<T> {

    private final Supplier<T> source;

    private final long periodNanos;

    private T value;

    private long computedAt;

    private boolean computed;

    Throttled(Supplier<T> source, Duration period) {
        this.source = source;
        this.periodNanos = period.toNanos();
    }

    // Synchronized so that callers arriving together wait for one computation instead of
    // each starting one.
    synchronized T get() {
        long now = System.nanoTime();
        if (!computed || now - computedAt >= periodNanos) {
            value = source.get();
            computedAt = System.nanoTime();
            computed = true;
        }
        return value;
    }

}

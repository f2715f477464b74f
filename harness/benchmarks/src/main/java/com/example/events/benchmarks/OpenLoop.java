package com.example.events.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Offers work at a fixed rate whether or not earlier work has finished, as users do: a
 * closed loop would slow down with the system and hide its queueing delay (coordinated
 * omission).
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /**
     * @throws IllegalStateException when a task failed, once every task has ended
     */
    static void run(int count, int perSecond, IntConsumer task) {
        long start = System.nanoTime();
        var failures = new Failures();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                executor.submit(() -> failures.run(() -> task.accept(index)));
            }
        }
        failures.throwIfAny();
    }

    /** As many at a time as {@code concurrency} allows: the intake side of a burst. */
    static Duration asFastAsPossible(int count, int concurrency, IntConsumer task) {
        long start = System.nanoTime();
        var failures = new Failures();
        var permits = new java.util.concurrent.Semaphore(concurrency);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                permits.acquireUninterruptibly();
                int index = i;
                executor.submit(() -> {
                    try {
                        failures.run(() -> task.accept(index));
                    }
                    finally {
                        permits.release();
                    }
                });
            }
        }
        failures.throwIfAny();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A task's failure would otherwise vanish in its executor. */
    private static final class Failures {

        private final AtomicInteger count = new AtomicInteger();

        private final AtomicReference<RuntimeException> first = new AtomicReference<>();

        void run(Runnable task) {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                count.incrementAndGet();
                first.compareAndSet(null, ex);
            }
        }

        void throwIfAny() {
            if (first.get() != null) {
                throw new IllegalStateException(count.get() + " requests failed; the first: " + first.get(),
                        first.get());
            }
        }

    }

}

package com.example.events.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executors;
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

    static void run(int count, int perSecond, IntConsumer task) {
        long start = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                executor.submit(() -> task.accept(index));
            }
        }
    }

    /** As many at a time as {@code concurrency} allows: the intake side of a burst. */
    static Duration asFastAsPossible(int count, int concurrency, IntConsumer task) {
        long start = System.nanoTime();
        var permits = new java.util.concurrent.Semaphore(concurrency);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                permits.acquireUninterruptibly();
                int index = i;
                executor.submit(() -> {
                    try {
                        task.accept(index);
                    }
                    finally {
                        permits.release();
                    }
                });
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

}

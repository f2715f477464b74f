package com.example.events.chaos;

/** Stopping the load generators' threads, so that none outlives its test. */
final class BackgroundThread {

    private BackgroundThread() {
    }

    /** Interrupts it and waits up to 15 s for it to end. */
    static void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join(15_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}

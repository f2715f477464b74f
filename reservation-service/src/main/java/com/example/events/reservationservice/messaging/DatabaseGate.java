package com.example.events.reservationservice.messaging;

import java.time.Duration;

import com.example.events.reservationservice.database.DatabaseAvailability;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;

/**
 * The first of the listener's back-pressure handlers: no permit to receive while the
 * database is unavailable, so that no message is received only to fail, and none counts a
 * receive because of an outage. Each request waits up to {@link #WAIT} for the database
 * before it gives none; the container then asks again.
 */
final class DatabaseGate implements BackPressureHandler {

    static final Duration WAIT = Duration.ofSeconds(1);

    private final DatabaseAvailability database;

    DatabaseGate(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    public int request(int amount) throws InterruptedException {
        return database.isAvailable() || database.awaitAvailable(WAIT) ? amount : 0;
    }

    /** Holds no permits: nothing to give back. */
    @Override
    public void release(int amount, ReleaseReason reason) {
    }

    @Override
    public boolean drain(Duration timeout) {
        return true;
    }

}

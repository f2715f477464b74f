package com.example.events.testsupport;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;

/** What a service's own meters say about the HTTP requests it is serving. */
public final class ServerRequests {

    private ServerRequests() {
    }

    /**
     * Requests that have started and not yet ended (Spring's
     * {@code http.server.requests.active}).
     */
    public static int inProgress(MeterRegistry meters) {
        return meters.find("http.server.requests.active")
            .longTaskTimers()
            .stream()
            .mapToInt(LongTaskTimer::activeTasks)
            .sum();
    }

}

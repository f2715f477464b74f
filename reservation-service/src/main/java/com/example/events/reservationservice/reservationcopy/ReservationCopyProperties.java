package com.example.events.reservationservice.reservationcopy;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code reservation-copy.*}: where the reservations come from and how fast they are
 * copied.
 *
 * @param source the database this service was split out of; read only
 * @param name what the copy's progress is recorded under in this service's database
 * @param chunkSize reservations read, checked and written per transaction
 * @param pause between two chunks, so that the requests and events this service serves
 * meanwhile keep their latency
 */
record ReservationCopyProperties(Source source, @DefaultValue("shared-database") String name,
        @DefaultValue("1000") int chunkSize, @DefaultValue("50ms") Duration pause) {

    static final int MAX_CHUNK_SIZE = 10_000;

    ReservationCopyProperties {
        if (source == null || source.url() == null || source.url().isBlank()) {
            throw new IllegalArgumentException("reservation-copy.source.url (RESERVATION_COPY_SOURCE_URL) is not set: "
                    + "give the JDBC URL of the database the reservations are copied from");
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException(
                    "reservation-copy.chunk-size must be between 1 and " + MAX_CHUNK_SIZE + ", not " + chunkSize);
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("reservation-copy.pause must not be negative");
        }
    }

    record Source(String url, String username, String password) {
    }

}

package com.example.events.reservationservice.reservationcopy;

/**
 * A chunk holds a reservation that must not be copied as it is; the chunk is rolled back
 * and the copy stops before it, to resume there once the cause is gone.
 */
class CopyStoppedException extends RuntimeException {

    CopyStoppedException(String message) {
        super(message);
    }

}

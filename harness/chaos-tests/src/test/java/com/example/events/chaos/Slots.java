package com.example.events.chaos;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every reservation of the run gets an hour of its own, so none ever overlaps another (no
 * 409 by accident).
 */
final class Slots {

    private static final Instant FIRST = Instant.parse("2031-01-01T08:00:00Z");

    private final AtomicInteger next = new AtomicInteger();

    Map<String, String> reservationFor(UUID member) {
        int slot = next.getAndIncrement();
        Instant startsAt = FIRST.plus(slot, ChronoUnit.HOURS);
        return Map.of("memberId", member.toString(), "resource", "court-" + (slot % 20), "startsAt",
                startsAt.toString(), "endsAt", startsAt.plus(1, ChronoUnit.HOURS).toString());
    }

}

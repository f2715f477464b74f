package com.example.events.localsystem.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The members the page follows across both services: those registered or deleted through
 * the console, the newest first. A deleted member stays, so that the page can show its
 * deletion reaching the reservation-service.
 */
final class WatchedMembers {

    static final int LIMIT = 12;

    record Watched(UUID id, String name) {
    }

    private final Map<UUID, String> names = new LinkedHashMap<>();

    synchronized void watch(UUID id, String name) {
        names.remove(id);
        names.put(id, name);
        while (names.size() > LIMIT) {
            names.remove(names.keySet().iterator().next());
        }
    }

    synchronized List<Watched> newestFirst() {
        List<Watched> all = new ArrayList<>();
        names.forEach((id, name) -> all.add(new Watched(id, name)));
        return all.reversed();
    }

}

package com.example.events.localsystem.console;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What the controls did, newest first, as the page shows it: every control says what it
 * started at once and what came of it when it is done.
 */
final class ActivityLog {

    private static final int KEPT = 60;

    enum Level {

        STARTED, DONE, FAILED

    }

    record Entry(long at, Level level, String text) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void started(String text) {
        add(Level.STARTED, text);
    }

    void done(String text) {
        add(Level.DONE, text);
    }

    void failed(String text) {
        add(Level.FAILED, text);
    }

    synchronized List<Entry> newestFirst() {
        return List.copyOf(entries);
    }

    private synchronized void add(Level level, String text) {
        entries.addFirst(new Entry(System.currentTimeMillis(), level, text));
        while (entries.size() > KEPT) {
            entries.removeLast();
        }
        System.out.println("[console] " + text);
    }

}

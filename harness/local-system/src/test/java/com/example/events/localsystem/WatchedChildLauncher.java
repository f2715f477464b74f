package com.example.events.localsystem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A launcher in miniature, run as a JVM of its own by the tests: starts a watchdog on the
 * record given as the first argument and one child under it, prints
 * {@code <child pid> <watchdog pid>} and waits to be killed.
 */
final class WatchedChildLauncher {

    private WatchedChildLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path record = Path.of(args[0]);
        Watchdog watchdog = Watchdog.start(record, Duration.ofSeconds(1));
        // a child that shrugs off SIGTERM, so only the watchdog's SIGKILL ends it
        Process child = Processes.startDetached("stubborn-child",
                List.of("/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"), record.resolveSibling("child.log"),
                builder -> {
                }, watchdog);
        System.out.println(child.pid() + " " + watchdog.pid());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(10));
    }

}

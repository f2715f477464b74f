package com.example.events.localsystem;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An SNS/SQS broker this machine runs as a child process: the light emulator or
 * LocalStack. Both keep topics, queues and messages in memory only, so every start and
 * every {@link #restart()} is empty.
 */
public sealed interface LocalBroker extends RestartableBroker, AutoCloseable permits LocalEmulator, NativeLocalStack {

    String REGION = "us-east-1";

    /**
     * Starts one of {@code kind} on {@code port} (0 for a free one), its output in
     * {@code log} and its working files beside it; returns once it answers. It ends with
     * this JVM at the latest.
     */
    static LocalBroker start(Kind kind, int port, Path log) {
        return start(kind, port, log, Watchdog.ofThisJvm());
    }

    static LocalBroker start(Kind kind, int port, Path log, Watchdog watchdog) {
        return switch (kind) {
            case EMULATOR -> LocalEmulator.start(port, log, watchdog);
            case LOCALSTACK -> NativeLocalStack.start(port, log, watchdog);
        };
    }

    URI endpoint();

    /** What it is and which release, as {@code LocalStack 4.13.1}. */
    String description();

    long pid();

    boolean isAlive();

    @Override
    void close();

    enum Kind {

        /** fauxqs, pinned in {@code tools/fauxqs}: needs only npm. */
        EMULATOR,

        /** LocalStack from PyPI in {@code tools/localstack/.venv}: needs Python 3.11+. */
        LOCALSTACK;

        /** {@code emulator} or {@code localstack}, as on the command line. */
        public static Kind of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Unknown broker '" + name + "': emulator or localstack");
            }
        }

        public String argument() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

}

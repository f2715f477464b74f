package com.example.events.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.example.events.localsystem.LocalSystem;
import com.example.events.testsupport.TestInfrastructure;

/**
 * A launcher as {@code ./run-local.sh} runs one, on free ports, as a JVM of its own for
 * {@link LauncherKillIT}: starts the whole system with the data directory given as the
 * first argument, prints {@code ports <member-service> <reservation-service> <broker>
 * <member db> <reservation db>} once everything is up, and runs until it is killed.
 */
final class KillableLauncher {

    static final String PORTS = "ports";

    private KillableLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        // as run-local: the embedded PostgreSQL library's every step at INFO is noise
        // here
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        LocalSystem system = LocalSystem.builder()
            .dataDirectory(Path.of(args[0]))
            // the tests' broker, started by the launcher itself as run-local.sh's does
            .localBroker(TestInfrastructure.launcherBroker())
            .jvmOptions(List.of("-XX:TieredStopAtLevel=1"))
            .start();
        System.out.println(String.join(" ", PORTS, port(system.memberService().baseUrl()),
                port(system.reservationService().baseUrl()), port(system.broker().endpoint()),
                port(URI.create(system.memberDatabase().jdbcUrl().substring("jdbc:".length()))),
                port(URI.create(system.reservationDatabase().jdbcUrl().substring("jdbc:".length())))));
        System.out.flush();
        Thread.sleep(Duration.ofHours(1));
    }

    private static String port(URI uri) {
        return Integer.toString(uri.getPort());
    }

}

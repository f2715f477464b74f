package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import com.example.events.localsystem.console.AdminCredentials;
import com.example.events.localsystem.console.Console;

/**
 * {@code ./run-local.sh}: the whole system in the foreground on the fixed ports, data
 * kept in {@code ./.run-local}. Ctrl-C (SIGINT) or SIGTERM stops everything it started;
 * when it is killed, its watchdog does, and a start after a run whose watchdog was killed
 * too first stops what that run left. Exit codes: 1 when it cannot start (a port is
 * taken, a part fails, another run uses {@code .run-local}), 2 for bad arguments, 130/143
 * after SIGINT/SIGTERM.
 */
public final class LocalSystemMain {

    private static final Path DATA = Path.of(".run-local");

    private static volatile boolean stopping;

    private LocalSystemMain() {
    }

    public static void main(String[] args) {
        // the embedded PostgreSQL library logs every step at INFO; only its warnings
        // belong on this console
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean clean = false;
        LocalBroker.Kind brokerKind = LocalBroker.Kind.EMULATOR;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--clean" -> clean = true;
                case "--broker" -> {
                    try {
                        brokerKind = LocalBroker.Kind.of(i + 1 < args.length ? args[++i] : "");
                    }
                    catch (IllegalArgumentException ex) {
                        System.err.print(ex.getMessage() + "\n" + usage());
                        System.exit(2);
                    }
                }
                case "-h", "--help" -> {
                    System.out.print(usage());
                    return;
                }
                default -> {
                    System.err.print("Unknown argument: " + arg + "\n" + usage());
                    System.exit(2);
                }
            }
        }
        Path data = DATA.toAbsolutePath();
        try {
            LocalSystem.stopLeftovers(data);
            LocalSystem.checkFixedPortsFree();
            if (Ports.inUse(Console.PORT)) {
                throw new LocalSystem.PortInUseException(Console.PORT);
            }
        }
        catch (LocalSystem.PortInUseException | Watchdog.InUseException ex) {
            fail(ex.getMessage());
        }
        if (clean) {
            deleteRecursively(data);
            LocalSystem.say("removed " + DATA + ": starting from empty databases");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true));

        LocalSystem.Builder builder = LocalSystem.builder().fixedPorts().dataDirectory(data).localBroker(brokerKind);
        passOn(builder, "ADMIN_USERNAME");
        passOn(builder, "ADMIN_PASSWORD");
        String javaOptions = System.getenv("RUN_LOCAL_JAVA_OPTS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            builder.jvmOptions(Arrays.asList(javaOptions.trim().split("\\s+")));
        }
        LocalSystem system;
        try {
            system = builder.start();
        }
        catch (RuntimeException ex) {
            if (stopping) {
                return; // Ctrl-C while starting: the shutdown hook stops what had started
            }
            fail(ex.getMessage());
            return;
        }
        Console console = startConsole(system);
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "console-stop"));
        System.out.print(banner(system, console));
        System.out.flush();
        watch(system);
    }

    /**
     * Until Ctrl-C; if a part stops by itself (not through its handle, as the console
     * stops one), says which and stops the rest.
     */
    private static void watch(LocalSystem system) {
        while (true) {
            String stopped = system.firstStopped();
            if (stopped != null && !stopping) {
                fail(stopped + " stopped unexpectedly (logs in " + DATA.resolve("logs") + "); stopping the rest");
            }
            try {
                Thread.sleep(Duration.ofSeconds(1));
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    private static Console startConsole(LocalSystem system) {
        try {
            return Console.start(system, Console.PORT, AdminCredentials.fromEnvironment());
        }
        catch (UncheckedIOException ex) {
            fail(ex.getMessage() + ": " + ex.getCause().getMessage());
            return null;
        }
    }

    private static void passOn(LocalSystem.Builder builder, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            builder.environment(variable, value);
        }
    }

    private static void fail(String message) {
        System.err.println("[local-system] " + message);
        System.exit(1);
    }

    private static String usage() {
        return """
                Usage: ./run-local.sh [--clean] [--broker emulator|localstack] | --help

                Starts, in the foreground and without Docker:
                  SNS/SQS broker       http://localhost:4566 (the emulator fauxqs, pinned in harness/tools/fauxqs; or
                                       LocalStack, pinned in harness/tools/localstack, with --broker localstack)
                  PostgreSQL           127.0.0.1:55432 (db member), 127.0.0.1:55433 (db reservation)
                  member-service       http://localhost:8081
                  reservation-service  http://localhost:8082
                  console              http://localhost:8080 (live view and controls of all of the above)
                Ctrl-C stops everything it started; nothing it started outlives it, even when it is
                killed. Data stays in .run-local/ between runs.

                  --clean                 delete .run-local/ (databases and logs) first, then start from empty
                  --broker localstack     LocalStack run natively (needs Python 3.11+; installs itself into
                                          harness/tools/localstack/.venv on first use) instead of the emulator
                  --help                  this text

                Environment: ADMIN_USERNAME / ADMIN_PASSWORD (default admin / admin), RUN_LOCAL_JAVA_OPTS (more JVM
                options for both services).
                """;
    }

    private static String banner(LocalSystem system, Console console) {
        boolean defaultAdmin = System.getenv("ADMIN_PASSWORD") == null && System.getenv("ADMIN_USERNAME") == null;
        return """

                  Everything is up.

                  Console              %s        watch events cross, break a part, watch it recover
                  member-service       %s        Swagger UI %s/swagger-ui.html
                  reservation-service  %s        Swagger UI %s/swagger-ui.html
                  SNS/SQS endpoint     %s        (%s, region %s; topic member-events,
                                                                     queue reservation-member-events + -dlq)
                  PostgreSQL           %s (user/password member)
                                       %s (user/password reservation)
                  Admin endpoints      %s
                  Logs                 %s/  (member-service.log, reservation-service.log, sns-sqs-broker.log, *-db.log)

                  Try:
                    curl -i -X POST http://localhost:8081/members -H 'Content-Type: application/json' \\
                         -d '{"name": "Kim Minji", "email": "minji@example.com"}'
                  or the whole walkthrough: harness/tools/smoke/walkthrough.sh

                  Ctrl-C stops everything.

                """
            .formatted(console.url(), system.memberService().baseUrl(), system.memberService().baseUrl(),
                    system.reservationService().baseUrl(), system.reservationService().baseUrl(),
                    system.broker().endpoint(), system.brokerDescription(), system.broker().region(),
                    system.memberDatabase().jdbcUrl(), system.reservationDatabase().jdbcUrl(),
                    defaultAdmin ? "HTTP Basic admin:admin"
                            : "HTTP Basic, ADMIN_USERNAME / ADMIN_PASSWORD from your environment",
                    DATA.resolve("logs"));
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (IOException | UncheckedIOException ex) {
            fail("could not delete " + directory + ": " + ex.getMessage());
        }
    }

}

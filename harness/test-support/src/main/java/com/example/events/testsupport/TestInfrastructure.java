package com.example.events.testsupport;

import java.nio.file.Path;
import java.util.Locale;

import com.example.events.localsystem.Broker;
import com.example.events.localsystem.EmbeddedPostgresServer;
import com.example.events.localsystem.LocalBroker;
import com.example.events.localsystem.NativeLocalStack;
import com.example.events.localsystem.RestartableBroker;
import org.testcontainers.DockerClientFactory;

/**
 * The one place that decides where tests get their SNS/SQS broker and PostgreSQL from.
 *
 * <p>
 * Where a Docker engine answers, LocalStack and PostgreSQL run in Testcontainers. Where
 * none does, embedded PostgreSQL binaries run as a child process, and so does the broker:
 * LocalStack run natively where its virtualenv ({@code harness/tools/localstack/.venv},
 * made by {@code harness/tools/localstack/install.sh}) is present, the light emulator
 * (the pinned npm package under {@code harness/tools/fauxqs}) otherwise. Either way the
 * tests see a real broker and a real database; a test is never skipped because one is
 * missing: it fails with a message that says what to install.
 *
 * <p>
 * {@code -Dtest.infrastructure=containers|localstack|emulator} (or
 * {@code TEST_INFRASTRUCTURE}) forces one. Everything started here lives as long as the
 * test JVM and is shared by all its tests.
 */
public final class TestInfrastructure {

    private static final Object LOCK = new Object();

    private static Mode mode;

    private static Broker broker;

    private static Postgres postgres;

    private TestInfrastructure() {
    }

    /**
     * The tests' SNS/SQS broker, started on first use. The same record a
     * {@link com.example.events.localsystem.LocalSystem} (services as processes) takes,
     * so the end-to-end tests run against the same broker as every other test:
     * {@code LocalSystem.builder().broker(TestInfrastructure.broker())}.
     */
    public static Broker broker() {
        synchronized (LOCK) {
            if (broker == null) {
                if (mode() == Mode.CONTAINERS) {
                    broker = ContainerInfrastructure.startLocalStack();
                    announce("SNS/SQS", "LocalStack " + NativeLocalStack.RELEASE + " in a container ("
                            + ContainerInfrastructure.LOCALSTACK_IMAGE + ") at " + broker.endpoint());
                }
                else {
                    broker = startLocalBroker("sns-sqs-broker.log", "SNS/SQS").broker();
                }
            }
            return broker;
        }
    }

    /**
     * A broker of the caller's own that it may restart (all topics, queues and
     * subscriptions gone), e.g. for {@code LocalSystem.restartBroker()}, of the same kind
     * as {@link #broker()}. Never the shared {@link #broker()}, which other tests rely
     * on. Stopped with the JVM.
     */
    public static RestartableBroker restartableBroker() {
        synchronized (LOCK) {
            if (mode() == Mode.CONTAINERS) {
                RestartableBroker localStack = ContainerInfrastructure.startRestartableLocalStack();
                announce("SNS/SQS (restartable)", "LocalStack " + NativeLocalStack.RELEASE + " in a container ("
                        + ContainerInfrastructure.LOCALSTACK_IMAGE + ") at " + localStack.broker().endpoint());
                return localStack;
            }
            return startLocalBroker("sns-sqs-broker-restartable.log", "SNS/SQS (restartable)");
        }
    }

    /**
     * The broker a launcher the tests start ({@code ./run-local.sh},
     * {@code LocalSystemMain}) should start itself, as its {@code --broker} argument:
     * LocalStack wherever the tests' own broker is LocalStack.
     */
    public static LocalBroker.Kind launcherBroker() {
        synchronized (LOCK) {
            return switch (mode()) {
                case LOCALSTACK -> LocalBroker.Kind.LOCALSTACK;
                case EMULATOR -> LocalBroker.Kind.EMULATOR;
                // a launcher runs its broker natively even where the tests' runs in a
                // container
                case CONTAINERS -> LocalBroker.Kind.preferred();
            };
        }
    }

    public static Postgres postgres() {
        synchronized (LOCK) {
            if (postgres == null) {
                postgres = mode() == Mode.CONTAINERS ? ContainerInfrastructure.startPostgres()
                        : startEmbeddedPostgres();
                announce("PostgreSQL", postgres.description());
            }
            return postgres;
        }
    }

    /**
     * The same settings as command-line arguments ({@code --key=value}), for an
     * application a test starts by hand (a second instance, a restarted service, both
     * services side by side), where no test context imports
     * {@link TestInfrastructureConfiguration}. Arguments, unlike builder default
     * properties, win over the service's own application.yml.
     */
    public static String[] applicationArguments(String database, String... moreArguments) {
        return java.util.stream.Stream
            .concat(java.util.Arrays.stream(applicationProperties(database)).map(property -> "--" + property),
                    java.util.Arrays.stream(moreArguments))
            .toArray(String[]::new);
    }

    /** As {@link #applicationArguments}, without the leading dashes. */
    public static String[] applicationProperties(String database) {
        Broker broker = broker();
        Postgres postgres = postgres();
        return new String[] { "spring.datasource.url=" + postgres.jdbcUrl(database),
                "spring.datasource.username=" + postgres.username(),
                "spring.datasource.password=" + postgres.password(), "spring.cloud.aws.endpoint=" + broker.endpoint(),
                "spring.cloud.aws.region.static=" + broker.region(),
                "spring.cloud.aws.credentials.access-key=" + broker.accessKey(),
                "spring.cloud.aws.credentials.secret-key=" + broker.secretKey(), };
    }

    private static LocalBroker startLocalBroker(String log, String what) {
        LocalBroker started = LocalBroker.start(launcherBroker(), 0, Path.of("target", log));
        stopWithTheJvm(started, "sns-sqs-broker-stop");
        announce(what, started.description() + " (pid " + started.pid() + ") at " + started.endpoint());
        return started;
    }

    private static Postgres startEmbeddedPostgres() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0, null);
        stopWithTheJvm(server, "embedded-postgres-stop");
        return new Postgres("localhost", server.port(), "postgres", "postgres", "postgres",
                "embedded PostgreSQL " + server.version() + " on port " + server.port());
    }

    private static void stopWithTheJvm(AutoCloseable resource, String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            }
            catch (Exception ignored) {
                // the JVM is going away; what is left is temporary
            }
        }, name));
    }

    private static Mode mode() {
        if (mode == null) {
            mode = decide();
        }
        return mode;
    }

    private static Mode decide() {
        String forced = System.getProperty("test.infrastructure", System.getenv("TEST_INFRASTRUCTURE"));
        if (forced != null && !forced.isBlank()) {
            Mode chosen = Mode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
            if (chosen == Mode.CONTAINERS && !dockerAnswers()) {
                throw new IllegalStateException("test.infrastructure=containers, but no Docker engine answers");
            }
            return chosen;
        }
        if (dockerAnswers()) {
            return Mode.CONTAINERS;
        }
        return LocalBroker.Kind.preferred() == LocalBroker.Kind.LOCALSTACK ? Mode.LOCALSTACK : Mode.EMULATOR;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    // Printed, not logged, so CI output always says which broker a run used.
    private static void announce(String what, String where) {
        System.out.printf("[test-infrastructure] %s: %s%n", what, where);
    }

    private enum Mode {

        CONTAINERS, LOCALSTACK, EMULATOR

    }

}

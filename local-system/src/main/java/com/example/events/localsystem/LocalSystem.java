package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole system on this machine, without Docker: the SNS/SQS emulator, one PostgreSQL
 * server per service and both services from their packaged jars, each service reaching
 * the broker through its own proxy.
 *
 * <pre>{@code
 * try (LocalSystem system = LocalSystem.builder().start()) {
 *     URI members = system.memberService().baseUrl();
 *     ...
 * }
 * }</pre>
 */
public final class LocalSystem implements AutoCloseable {

    public static final int MEMBER_SERVICE_PORT = 8081;

    public static final int RESERVATION_SERVICE_PORT = 8082;

    public static final int BROKER_PORT = 4566;

    public static final int MEMBER_DATABASE_PORT = 55432;

    public static final int RESERVATION_DATABASE_PORT = 55433;

    /**
     * The services' admin credentials unless {@link Builder#environment} sets
     * ADMIN_USERNAME / ADMIN_PASSWORD.
     */
    public static final String DEFAULT_ADMIN_USERNAME = "admin";

    public static final String DEFAULT_ADMIN_PASSWORD = "admin";
    static final List<Integer> FIXED_PORTS = List.of(BROKER_PORT, MEMBER_DATABASE_PORT, RESERVATION_DATABASE_PORT,
            MEMBER_SERVICE_PORT, RESERVATION_SERVICE_PORT);

    /**
     * Each service must stay under 512 MB resident; the heap is the smaller part of that.
     * Metaspace (~100 MB here), code cache, thread stacks, the JIT compilers' and GC's
     * native memory are the rest, so each gets a ceiling. G1, not Serial: whenever the
     * code cache has grown by SweeperThreshold (15 %) of its size the JVM collects to
     * unload compiled code, and with Serial that is a full stop-the-world GC (cause
     * "CodeCache GC Threshold", every few minutes under load, 0.2-1.5 s on this 2-core
     * machine), while G1 unloads code in a concurrent cycle. G1 soon touches all of a
     * fixed heap, and one that may shrink it shrinks to a size at which it marks every
     * few seconds (live data is ~55 MB), hence one size: 192 MB kept the benchmark's
     * peaks at 504 and 506 MiB, with thousands of open connections at an overload of 500
     * deletions/s taking member-service's live data to 111 MB. glibc keeps what the JIT
     * compilers and the GC free, so the native heap is trimmed every few seconds (30 MB
     * at once in that run). The first metaspace threshold sits above what start-up loads,
     * so starting needs no collection for it. An OutOfMemoryError ends the process
     * instead of leaving it half-alive. The Dockerfiles give the same budget.
     */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms192m", "-Xmx192m", "-Xss512k",
            "-XX:MetaspaceSize=128m", "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxDirectMemorySize=64m", "-XX:+UseG1GC",
            // a product flag from Java 22 on, experimental in 21
            "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError");

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private final Path dataDirectory;

    private final boolean temporaryData;

    private final List<AutoCloseable> started = new ArrayList<>();

    private final List<ServiceProcess> services = new ArrayList<>();

    private final Thread shutdownHook = new Thread(this::close, "local-system-stop");

    private final Builder settings;

    private LocalEmulator emulator;

    private Broker broker;

    private Database memberDatabase;

    private Database reservationDatabase;

    private ServiceProcess memberService;

    private ServiceProcess reservationService;

    private Map<String, String> reservationEnvironment;

    private final CountDownLatch startFinished = new CountDownLatch(1);

    private volatile Thread starter;

    private boolean closed;

    private LocalSystem(Builder settings, Path dataDirectory, boolean temporaryData) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.temporaryData = temporaryData;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ServiceProcess memberService() {
        return memberService;
    }

    public ServiceProcess reservationService() {
        return reservationService;
    }

    /**
     * The broker itself (not a service's proxy): for tests that look at the broker
     * directly.
     */
    public Broker broker() {
        return broker;
    }

    public Database memberDatabase() {
        return memberDatabase;
    }

    public Database reservationDatabase() {
        return reservationDatabase;
    }

    /** Where the databases and logs ({@code logs/}) are. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * The first of the broker and the two services that is no longer running, or null.
     */
    synchronized String firstStopped() {
        if (emulator != null && !emulator.isAlive()) {
            return "the SNS/SQS emulator";
        }
        return Stream.of(memberService, reservationService)
            .filter(service -> !service.isAlive())
            .map(ServiceProcess::name)
            .findFirst()
            .orElse(null);
    }

    /**
     * Another reservation-service on a free port, consuming the same queue and using the
     * same database: a second competing consumer. Started and ready; stopped by
     * {@link #close()}.
     */
    public ServiceProcess startReservationServiceInstance(String name) {
        int port = Ports.free();
        Map<String, String> environment = new LinkedHashMap<>(reservationEnvironment);
        environment.put("SERVER_PORT", Integer.toString(port));
        ServiceProcess instance = service(name, settings.reservationServiceJar, port, environment);
        instance.start();
        return instance;
    }

    /**
     * Stops everything it started: the services first (SIGTERM, in parallel; SIGKILL
     * after 30 s), then the broker and the databases; deletes the data directory if it
     * was a temporary one.
     */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = List.copyOf(services);
        }
        say("stopping everything");
        running.stream().map(service -> Thread.ofVirtual().start(service::stop)).toList().forEach(LocalSystem::join);
        // Ctrl-C while starting: whatever is coming up right now is stopped by track()
        // once it is up. Wait for
        // that, or the JVM would exit first and leave it running.
        if (Thread.currentThread() != starter) {
            awaitStartFinished();
        }
        List<AutoCloseable> resources;
        synchronized (this) {
            resources = List.copyOf(started);
        }
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            }
            catch (Exception ex) {
                say("could not stop " + resource + ": " + ex.getMessage());
            }
        }
        if (temporaryData) {
            deleteRecursively(dataDirectory);
        }
        say("stopped everything");
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException shuttingDown) {
            // this is the shutdown hook
        }
    }

    private void awaitStartFinished() {
        try {
            if (!startFinished.await(2, TimeUnit.MINUTES)) {
                say("still starting after 2 minutes; stopping what is up");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() {
        starter = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Path logs = dataDirectory.resolve("logs");
            boolean fixed = settings.fixedPorts;
            if (settings.broker != null) {
                broker = settings.broker;
                say("using the broker at " + broker.endpoint());
            }
            else {
                int brokerPort = fixed ? BROKER_PORT : Ports.free();
                say("starting the SNS/SQS emulator on port " + brokerPort);
                emulator = track(LocalEmulator.start(brokerPort, fresh(logs.resolve("sns-sqs-emulator.log"))));
                broker = new Broker(emulator.endpoint(), LocalEmulator.REGION, "local", "local");
            }

            memberDatabase = database("member", fixed ? MEMBER_DATABASE_PORT : 0, logs);
            reservationDatabase = database("reservation", fixed ? RESERVATION_DATABASE_PORT : 0, logs);

            memberService = service("member-service", settings.memberServiceJar,
                    fixed ? MEMBER_SERVICE_PORT : Ports.free(), serviceEnvironment(memberDatabase));
            int reservationPort = fixed ? RESERVATION_SERVICE_PORT : Ports.free();
            reservationEnvironment = serviceEnvironment(reservationDatabase);
            reservationEnvironment.put("SERVER_PORT", Integer.toString(reservationPort));
            reservationService = service("reservation-service", settings.reservationServiceJar, reservationPort,
                    reservationEnvironment);
            List<ServiceProcess> starting = settings.startReservationService
                    ? List.of(memberService, reservationService) : List.of(memberService);
            say("starting " + starting.stream().map(ServiceProcess::name).toList() + " (logs in " + logs + ")");
            synchronized (this) {
                checkOpen();
                starting.forEach(ServiceProcess::launch);
            }
            starting.forEach(service -> service.awaitHealthy(STARTUP_TIMEOUT));
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
        finally {
            startFinished.countDown();
        }
    }

    private Database database(String name, int port, Path logs) {
        EmbeddedPostgresServer server = track(EmbeddedPostgresServer
            .start(dataDirectory.resolve("postgres").resolve(name), port, logs.resolve(name + "-db.log")));
        say("PostgreSQL " + server.version() + " for " + name + " on port " + server.port());
        return server.ensureDatabase(name);
    }

    private Map<String, String> serviceEnvironment(Database database) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", database.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        environment.put("AWS_REGION", broker.region());
        environment.put("AWS_ACCESS_KEY_ID", broker.accessKey());
        environment.put("AWS_SECRET_ACCESS_KEY", broker.secretKey());
        environment.put("ADMIN_USERNAME", DEFAULT_ADMIN_USERNAME);
        environment.put("ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD);
        // glibc gives every thread that mallocs its own 64 MB arena; two keep the native
        // part of the RSS small
        environment.put("MALLOC_ARENA_MAX", "2");
        environment.putAll(settings.environment);
        return environment;
    }

    private ServiceProcess service(String name, Path jar, int port, Map<String, String> baseEnvironment) {
        BrokerProxy proxy = track(BrokerProxy.start(name, broker.endpoint()));
        Map<String, String> environment = new LinkedHashMap<>(baseEnvironment);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        jvmOptions.addAll(settings.jvmOptions);
        var service = new ServiceProcess(name, jar, port, jvmOptions, environment,
                fresh(dataDirectory.resolve("logs").resolve(name + ".log")), proxy, STARTUP_TIMEOUT);
        synchronized (this) {
            checkOpen();
            services.add(service);
        }
        return service;
    }

    /**
     * Something just started, to be stopped by {@link #close()}, or at once if that
     * already ran (Ctrl-C).
     */
    private synchronized <T extends AutoCloseable> T track(T resource) {
        if (closed) {
            try {
                resource.close();
            }
            catch (Exception ignored) {
                // stopping anyway
            }
            checkOpen();
        }
        started.add(resource);
        return resource;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the local system was stopped while starting");
        }
    }

    /** The log of an earlier run with a kept data directory becomes {@code <name>.1}. */
    private static Path fresh(Path log) {
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            return log;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void say(String message) {
        System.out.println("[local-system] " + message);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            say("could not delete " + directory + ": " + ex.getMessage());
        }
    }

    /** A port {@link Builder#fixedPorts()} needs is taken. */
    static final class PortInUseException extends IllegalStateException {

        final int port;

        PortInUseException(int port) {
            super("port " + port + " is already in use (is ./run-local.sh or docker compose already running?); "
                    + "stop whatever listens there and try again");
            this.port = port;
        }

    }

    /**
     * Throws {@link PortInUseException} for the first of the fixed ports that is taken.
     */
    static void checkFixedPortsFree() {
        for (int port : FIXED_PORTS) {
            if (Ports.inUse(port)) {
                throw new PortInUseException(port);
            }
        }
    }

    public static final class Builder {

        private Path memberServiceJar;

        private Path reservationServiceJar;

        private Path dataDirectory;

        private boolean fixedPorts;

        private boolean startReservationService = true;

        private Broker broker;

        private final List<String> jvmOptions = new ArrayList<>();

        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Default: {@code member-service/target/member-service-*.jar} of this checkout.
         */
        public Builder memberServiceJar(Path jar) {
            this.memberServiceJar = jar;
            return this;
        }

        /**
         * Default: {@code reservation-service/target/reservation-service-*.jar} of this
         * checkout.
         */
        public Builder reservationServiceJar(Path jar) {
            this.reservationServiceJar = jar;
            return this;
        }

        /**
         * Where the databases ({@code postgres/}) and logs ({@code logs/}) live, kept
         * after close and reused by the next start. Default: a temporary directory
         * deleted on close.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * member-service 8081, reservation-service 8082, broker 4566, databases 55432 and
         * 55433; default: free.
         */
        public Builder fixedPorts() {
            this.fixedPorts = true;
            return this;
        }

        /**
         * Use this broker (LocalStack in a container, say) instead of starting the
         * emulator; the services still reach it through their own proxies, so
         * {@link ServiceProcess#cutBroker()} works the same. Default: the emulator, on
         * port 4566 with {@link #fixedPorts()}.
         */
        public Builder broker(Broker external) {
            this.broker = external;
            return this;
        }

        /**
         * {@code false}: everything but the reservation-service is started;
         * {@code reservationService().start()} starts it later (say, after events it
         * never saw were published). Default {@code true}.
         */
        public Builder startReservationService(boolean start) {
            this.startReservationService = start;
            return this;
        }

        /**
         * JVM options for both services, after (so overriding) the defaults that keep
         * each under 512 MB.
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions.addAll(options);
            return this;
        }

        /**
         * An environment variable for both services, e.g. relay tuning; overrides the
         * launcher's own.
         */
        public Builder environment(String key, String value) {
            this.environment.put(key, value);
            return this;
        }

        /**
         * Starts everything and returns once both services are ready; on failure stops
         * what it started.
         */
        public LocalSystem start() {
            if (memberServiceJar == null) {
                memberServiceJar = Repository.serviceJar("member-service");
            }
            if (reservationServiceJar == null) {
                reservationServiceJar = Repository.serviceJar("reservation-service");
            }
            for (Path jar : List.of(memberServiceJar, reservationServiceJar)) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("No service jar at " + jar);
                }
            }
            if (fixedPorts) {
                checkFixedPortsFree();
            }
            Path directory;
            boolean temporary = dataDirectory == null;
            try {
                directory = temporary ? Files.createTempDirectory("local-system-")
                        : Files.createDirectories(dataDirectory).toAbsolutePath();
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Could not create the data directory", ex);
            }
            LocalSystem system = new LocalSystem(this, directory, temporary);
            system.start();
            return system;
        }

    }

}

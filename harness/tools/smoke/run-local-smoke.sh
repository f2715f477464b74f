#!/usr/bin/env bash
# Smoke test of ./run-local.sh: starts it in the background (in its own process group, like a shell job),
# waits until both services are ready, checks that the console on 8080 shows both UP, runs
# harness/tools/smoke/walkthrough.sh against it, then presses Ctrl-C (SIGINT to the process group) and checks that
# run-local.sh exits with 130, that nothing listens on its six ports, that none of the processes it started is
# left, and that neither its output nor any service log holds an error line. The exit status is 0 only if all of
# that holds. Arguments go to run-local.sh (e.g. --broker localstack).
#
# Environment: SMOKE_READY_TIMEOUT (seconds until both services answer ready, default 480; includes a build
# when the jars are missing), SMOKE_STOP_TIMEOUT (seconds for run-local.sh to stop, default 120), SMOKE_FUZZ=1 to
# run harness/tools/schemathesis/run.sh (API fuzzing of both services; needs harness/tools/schemathesis/install.sh) right after the
# walkthrough.
set -Euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)
cd "$ROOT" || exit 1
PORTS=(8081 8082 4566 55432 55433 8080)
READY_TIMEOUT=${SMOKE_READY_TIMEOUT:-480}
STOP_TIMEOUT=${SMOKE_STOP_TIMEOUT:-120}
mkdir -p .run-local/logs
OUT=$ROOT/.run-local/logs/run-local-smoke.out

say() { printf '\n[smoke] %s\n' "$*"; }

listening() { # prints the ones of PORTS that something listens on
  local port
  for port in "${PORTS[@]}"; do
    if ss -Hltn 2>/dev/null | awk -v port="$port" '{ n = split($4, a, ":"); if (a[n] == port) found = 1 } END { exit !found }'; then
      echo "$port"
    fi
  done
}

group_members() { ps -eo pgid=,pid=,args= | awk -v g="$RUN_PID" '$1 == g { $1 = ""; print }'; }

# The launcher starts every process in a session of its own (so Ctrl-C reaches only the launcher, which stops
# them in order): find what is left by what they run from this checkout instead of by process group.
left_over() { ps -eo pid=,args= | grep -F "$ROOT/" | grep -E 'java|node|postgres|localstack' | grep -v -e grep -e run-local-smoke || true; }

RUN_PID=
stop_run_local_if_alive() {
  [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null || return 0
  say "stopping run-local.sh (SIGINT)"
  kill -INT -- "-$RUN_PID" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$RUN_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
  if kill -0 "$RUN_PID" 2>/dev/null; then
    echo "[smoke] run-local.sh still running after ${STOP_TIMEOUT}s; sending SIGTERM" >&2
    kill -TERM -- "-$RUN_PID" 2>/dev/null || true
    sleep 30
  fi
}
trap stop_run_local_if_alive EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v ss >/dev/null 2>&1 || { echo "[smoke] ss (iproute2) is needed" >&2; exit 1; }
busy=$(listening | tr '\n' ' ')
if [ -n "$busy" ]; then
  echo "[smoke] ports already in use before the start: $busy" >&2
  exit 1
fi

say "starting ./run-local.sh $* (output: $OUT)"
set -m   # own process group, and SIGINT not ignored as it would be for a plain background command
./run-local.sh "$@" </dev/null >"$OUT" 2>&1 &
RUN_PID=$!
set +m

say "waiting for both services (up to ${READY_TIMEOUT}s)"
deadline=$((SECONDS + READY_TIMEOUT))
ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 http://localhost:8081/actuator/health/readiness)" = 200 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 http://localhost:8082/actuator/health/readiness)" = 200 ]
}
until ready; do
  if ! kill -0 "$RUN_PID" 2>/dev/null; then
    wait "$RUN_PID"; status=$?
    echo "[smoke] run-local.sh exited ($status) before the services were ready:" >&2
    tail -n 60 "$OUT" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "[smoke] services not ready after ${READY_TIMEOUT}s:" >&2
    tail -n 60 "$OUT" >&2
    exit 1
  fi
  sleep 2
done
grep -q 'Everything is up' "$OUT" || sleep 3   # let run-local.sh print its banner

failures=()

say "the console on 8080 sees both services UP"
console_state=$(curl -fsS --max-time 5 http://localhost:8080/api/state || true)
for service in memberService reservationService; do
  if ! printf '%s' "$console_state" | grep -q "\"$service\":{[^}]*\"health\":\"UP\""; then
    failures+=("the console at http://localhost:8080 does not show $service UP")
  fi
done

say "running harness/tools/smoke/walkthrough.sh"
if ! "$ROOT/harness/tools/smoke/walkthrough.sh"; then
  failures+=("the walkthrough failed")
fi

if [ "${SMOKE_FUZZ:-0}" = 1 ]; then
  say "running harness/tools/schemathesis/run.sh (API fuzzing)"
  if ! "$ROOT/harness/tools/schemathesis/run.sh"; then
    failures+=("the API fuzzing (harness/tools/schemathesis/run.sh) failed")
  fi
fi

say "Ctrl-C: SIGINT to run-local.sh's process group"
kill -INT -- "-$RUN_PID"
stop_started=$SECONDS
deadline=$((SECONDS + STOP_TIMEOUT))
while kill -0 "$RUN_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
if kill -0 "$RUN_PID" 2>/dev/null; then
  failures+=("run-local.sh did not exit within ${STOP_TIMEOUT}s of SIGINT")
else
  wait "$RUN_PID"; status=$?
  RUN_PID_EXITED=$RUN_PID
  echo "[smoke] run-local.sh exited with status $status, $((SECONDS - stop_started)) s after SIGINT"
  [ "$status" = 130 ] || failures+=("run-local.sh exited with $status after SIGINT, expected 130")
fi
echo "---- run-local.sh output (tail) ----"
tail -n 12 "$OUT"

# everything is stopped synchronously by run-local.sh; allow a moment for sockets to close
for _ in 1 2 3 4 5; do
  busy=$(listening | tr '\n' ' ')
  [ -z "$busy" ] && break
  sleep 1
done
if [ -n "$busy" ]; then
  failures+=("still listening after the stop: $busy")
  ss -ltnp >&2 || true
fi
left=$(group_members)
if [ -n "$left" ]; then
  failures+=("processes left in run-local.sh's process group: $left")
fi
left=$(left_over)
if [ -n "$left" ]; then
  failures+=("processes of this checkout still running: $left")
fi

# a normal Ctrl-C prints no error or stack trace, and nothing in the walkthrough (or the fuzzing) logs an ERROR in a
# service
if grep -nE 'ERROR|Exception|^[[:space:]]+at ' "$OUT" >&2; then
  failures+=("run-local.sh printed error lines (above)")
fi
for log in .run-local/logs/member-service.log .run-local/logs/reservation-service.log; do
  if grep -nE '^[^[:space:]]+[[:space:]]+ERROR[[:space:]]' "$log" >&2; then
    failures+=("$log has ERROR lines (above)")
  fi
done
[ -n "${RUN_PID_EXITED:-}" ] && RUN_PID=

if [ ${#failures[@]} -gt 0 ]; then
  say "FAILED"
  printf '  - %s\n' "${failures[@]}" >&2
  exit 1
fi
say "passed: walkthrough ok, run-local.sh stopped on SIGINT, ports ${PORTS[*]} free, no error lines"

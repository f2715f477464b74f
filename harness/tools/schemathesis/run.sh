#!/usr/bin/env bash
# API fuzzing of both running services with Schemathesis (harness/tools/schemathesis/.venv, from install.sh): every operation
# of each service's /v3/api-docs, the admin ones with HTTP Basic credentials, every check but two (below): no 5xx,
# and every response as the document says (status code, content type, headers, schema), bad input rejected, auth
# not ignored, a deleted resource gone. Prints each service's summary and one line for both; exits non-zero on any
# failure, or when a service's run outlasts its time budget.
#
# Environment: MEMBER_URL (default http://localhost:8081), RESERVATION_URL (http://localhost:8082),
# ADMIN_USERNAME / ADMIN_PASSWORD (admin / admin, as ./run-local.sh), SCHEMATHESIS_MAX_EXAMPLES (test cases per
# operation and phase, default 25), SCHEMATHESIS_TIMEOUT (seconds per service, default 240), SCHEMATHESIS_SEED (to
# replay a run; random by default, printed). Reports (JUnit XML) and Schemathesis' cache go to .run-local/schemathesis.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$HERE/../../.." && pwd -P)
ST=$HERE/.venv/bin/schemathesis
[ -x "$ST" ] || { echo "[schemathesis] not installed: run harness/tools/schemathesis/install.sh" >&2; exit 1; }

export ADMIN_USERNAME=${ADMIN_USERNAME:-admin} ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-25}
TIMEOUT=${SCHEMATHESIS_TIMEOUT:-240}
WORK=$ROOT/.run-local/schemathesis
mkdir -p "$WORK"
cd "$WORK" || exit 1   # Schemathesis keeps its cache (failures to replay first) in the working directory

# Left out: positive_data_acceptance, since a schema cannot state the services' rules across fields and over state
# (endsAt after startsAt, subscriber with memberIds, a deleted member's 422), so valid-looking input is rightly
# refused; unsupported_method, since Spring Security's firewall refuses a method it does not know (QUERY) with 400
# before any controller, where Schemathesis wants 405. Every other check runs.
EXCLUDED=positive_data_acceptance,unsupported_method

summary=()
status=0
fuzz() { # name url
  local name=$1 url=$2 out=$WORK/$1.out rc
  printf '\n[schemathesis] %s: %s/v3/api-docs (at most %s cases per operation and phase, %ss)\n' "$name" "$url" \
    "$MAX_EXAMPLES" "$TIMEOUT"
  timeout --kill-after=10 "$TIMEOUT" "$ST" --no-color --config-file "$HERE/schemathesis.toml" run "$url/v3/api-docs" \
    --checks all --exclude-checks "$EXCLUDED" --max-examples "$MAX_EXAMPLES" --wait-for-schema 30 \
    --request-timeout 10 --report junit --report-junit-path "$WORK/$name-junit.xml" \
    ${SCHEMATHESIS_SEED:+--seed "$SCHEMATHESIS_SEED"} 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  local operations cases failures
  operations=$(awk '/^ *Tested: / {print $2; exit}' "$out")
  cases=$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' "$out" | tail -n 1)
  failures=$(sed -n 's/.* \([0-9][0-9]*\) failures\{0,1\}\b.* in [0-9.]*s.*/\1/p' "$out" | tail -n 1)
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    failures="not finished within ${TIMEOUT}s"
  elif [ "$rc" != 0 ] && [ -z "$failures" ]; then
    failures="exit status $rc"
  fi
  summary+=("$name: ${operations:-?} operations, ${cases:-?} test cases, ${failures:-0} failures")
  [ "$rc" = 0 ] || status=1
}

fuzz member-service "${MEMBER_URL:-http://localhost:8081}"
fuzz reservation-service "${RESERVATION_URL:-http://localhost:8082}"

printf '\n[schemathesis] summary\n'
printf '  %s\n' "${summary[@]}"
if [ "$status" != 0 ]; then
  echo "[schemathesis] FAILED (output and JUnit reports in $WORK)" >&2
else
  echo "[schemathesis] passed"
fi
exit $status

#!/usr/bin/env bash
# The README's curl walkthrough as a script, against a running system (./run-local.sh or docker compose up):
# two members, their replicas in reservation-service, a reservation each, the overlap 409, deleting a member
# and its reservations disappearing, then the admin endpoints. Exits non-zero on the first unexpected answer.
#
# Environment: MEMBER_URL (http://localhost:8081), RESERVATION_URL (http://localhost:8082),
# ADMIN_USERNAME / ADMIN_PASSWORD (admin / admin), WALKTHROUGH_TIMEOUT (seconds to wait for events, 60).
# Needs bash, curl and python3.
set -Eeuo pipefail

MEMBER_URL=${MEMBER_URL:-http://localhost:8081}
RESERVATION_URL=${RESERVATION_URL:-http://localhost:8082}
ADMIN="${ADMIN_USERNAME:-admin}:${ADMIN_PASSWORD:-admin}"
TIMEOUT=${WALKTHROUGH_TIMEOUT:-60}

for tool in curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "walkthrough: $tool is needed" >&2; exit 1; }
done

BODY_FILE=$(mktemp)
HEADERS_FILE=$(mktemp)
trap 'rm -f "$BODY_FILE" "$HEADERS_FILE"' EXIT

STATUS=
BODY=

step() { printf '\n== %s\n' "$*"; }
fail() { printf '\nwalkthrough FAILED: %s\n' "$*" >&2; exit 1; }

# call METHOD URL [JSON-BODY] [--admin]: sets STATUS and BODY, prints both
call() {
  local method=$1 url=$2 data=${3:-} auth=${4:-}
  local -a args=(-sS -X "$method" -o "$BODY_FILE" -D "$HEADERS_FILE" -w '%{http_code}' --max-time 30)
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data "$data")
  [ "$auth" = --admin ] && args+=(-u "$ADMIN")
  printf '$ curl -X %s "%s"%s%s\n' "$method" "$url" "${data:+ -d '$data'}" "${auth:+ -u <admin>}"
  STATUS=$(curl "${args[@]}" "$url") || fail "$method $url: no answer (is the system running?)"
  BODY=$(cat "$BODY_FILE")
  printf '%s %s\n' "$STATUS" "$(printf '%s' "$BODY" | head -c 600)"
}

expect() { # expected status...
  local code
  for code in "$@"; do [ "$STATUS" = "$code" ] && return 0; done
  fail "expected HTTP $*, got $STATUS: $BODY"
}

# json EXPRESSION: evaluates a Python expression over the last body, bound to `j`
json() {
  printf '%s' "$BODY" | python3 -c '
import json, sys
j = json.load(sys.stdin)
v = eval(sys.argv[1])
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' "$1" ||
    fail "cannot read $1 from: $BODY"
}

header() { tr -d '\r' <"$HEADERS_FILE" | awk -v name="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" \
  'BEGIN { FS = ": " } tolower($1) == name { print $2 }'; }

# eventually DESCRIPTION COMMAND...: retries COMMAND (which sets STATUS/BODY and returns 0 when satisfied)
eventually() {
  local what=$1 deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what: not within ${TIMEOUT}s (last answer $STATUS: $BODY)"
    sleep 1
  done
}

replica_is() { # member-id status
  call GET "$RESERVATION_URL/member-replica/$1" >/dev/null
  [ "$STATUS" = 200 ] && [ "$(json 'j["status"]')" = "$2" ]
}

reservation_count_is() { # member-id count
  call GET "$RESERVATION_URL/reservations?memberId=$1&page=0&size=20" >/dev/null
  [ "$STATUS" = 200 ] && [ "$(json 'len(j["content"])')" = "$2" ]
}

RUN=$(date +%s)-$$
# courts of our own, so that reruns against the same databases never overlap an earlier run's reservations
COURT3="court-3-$RUN"
COURT4="court-4-$RUN"
DAY=2030-01-01

step "Both services are up"
call GET "$MEMBER_URL/actuator/health/readiness"; expect 200
call GET "$RESERVATION_URL/actuator/health/readiness"; expect 200

step "Register two members (member-service publishes MemberRegistered)"
call POST "$MEMBER_URL/members" "{\"name\": \"Kim Minji\", \"email\": \"minji+$RUN@example.com\"}"; expect 201
MINJI=$(json 'j["id"]')
[ "$(header location)" = "/members/$MINJI" ] || fail "Location header was '$(header location)'"
call POST "$MEMBER_URL/members" "{\"name\": \"Lee Jisoo\", \"email\": \"jisoo+$RUN@example.com\"}"; expect 201
JISOO=$(json 'j["id"]')
call GET "$MEMBER_URL/members/$MINJI"; expect 200
call POST "$MEMBER_URL/members" '{"name": "", "email": "not-an-email"}'; expect 400

step "reservation-service learns about both from the events"
eventually "replica of $MINJI ACTIVE" replica_is "$MINJI" ACTIVE
call GET "$RESERVATION_URL/member-replica/$MINJI"; expect 200
eventually "replica of $JISOO ACTIVE" replica_is "$JISOO" ACTIVE
call GET "$RESERVATION_URL/member-replica/$JISOO"; expect 200

step "A reservation for each; an overlapping one on the same court is refused (409)"
call POST "$RESERVATION_URL/reservations" \
  "{\"memberId\": \"$MINJI\", \"resource\": \"$COURT3\", \"startsAt\": \"${DAY}T10:00:00Z\", \"endsAt\": \"${DAY}T11:00:00Z\"}"
expect 201
MINJI_RESERVATION=$(json 'j["id"]')
call POST "$RESERVATION_URL/reservations" \
  "{\"memberId\": \"$JISOO\", \"resource\": \"$COURT4\", \"startsAt\": \"${DAY}T10:00:00Z\", \"endsAt\": \"${DAY}T11:00:00Z\"}"
expect 201
JISOO_RESERVATION=$(json 'j["id"]')
call POST "$RESERVATION_URL/reservations" \
  "{\"memberId\": \"$JISOO\", \"resource\": \"$COURT3\", \"startsAt\": \"${DAY}T10:30:00Z\", \"endsAt\": \"${DAY}T11:30:00Z\"}"
expect 409
[ "$(json 'j["status"]')" = 409 ] || fail "the 409 is not a problem+json body"
call GET "$RESERVATION_URL/reservations/$MINJI_RESERVATION"; expect 200
call GET "$RESERVATION_URL/reservations?memberId=$MINJI&page=0&size=20"; expect 200
[ "$(json 'len(j["content"])')" = 1 ] || fail "expected one reservation of $MINJI"

step "Unknown members cannot reserve (422)"
call POST "$RESERVATION_URL/reservations" \
  "{\"memberId\": \"$(python3 -c 'import uuid; print(uuid.uuid4())')\", \"resource\": \"$COURT3\", \"startsAt\": \"${DAY}T15:00:00Z\", \"endsAt\": \"${DAY}T16:00:00Z\"}"
expect 422

step "Delete the first member (member-service publishes MemberDeleted)"
call DELETE "$MEMBER_URL/members/$MINJI"; expect 204
call GET "$MEMBER_URL/members/$MINJI"; expect 404

step "reservation-service marks the replica DELETED and drops that member's reservations"
eventually "replica of $MINJI DELETED" replica_is "$MINJI" DELETED
call GET "$RESERVATION_URL/member-replica/$MINJI"; expect 200
eventually "reservations of $MINJI gone" reservation_count_is "$MINJI" 0
call GET "$RESERVATION_URL/reservations?memberId=$MINJI&page=0&size=20"; expect 200
call GET "$RESERVATION_URL/reservations/$MINJI_RESERVATION"; expect 404
call POST "$RESERVATION_URL/reservations" \
  "{\"memberId\": \"$MINJI\", \"resource\": \"$COURT3\", \"startsAt\": \"${DAY}T17:00:00Z\", \"endsAt\": \"${DAY}T18:00:00Z\"}"
expect 422

step "The other member's reservation remains"
call GET "$RESERVATION_URL/reservations?memberId=$JISOO&page=0&size=20"; expect 200
[ "$(json 'len(j["content"])')" = 1 ] || fail "expected the reservation of $JISOO to remain"
call GET "$RESERVATION_URL/reservations/$JISOO_RESERVATION"; expect 200

step "Admin: the outbox (member-service)"
call GET "$MEMBER_URL/admin/outbox"; expect 401
call GET "$MEMBER_URL/admin/outbox" "" --admin; expect 200
json 'j["lastSequence"]' >/dev/null

step "Admin: replay every stored event; an older event never undoes a newer one"
call POST "$MEMBER_URL/admin/events/replay" '{"fromSequence": 0}' --admin; expect 202
[ "$(json 'j["replayed"] >= 3')" = true ] || fail "expected at least this run's three events to be replayed"
outbox_pending_zero() {
  call GET "$MEMBER_URL/admin/outbox" "" --admin >/dev/null
  [ "$STATUS" = 200 ] && [ "$(json 'j["pending"]')" = 0 ]
}
eventually "outbox drained after the replay" outbox_pending_zero
sleep 3
call GET "$RESERVATION_URL/member-replica/$MINJI"; expect 200
[ "$(json 'j["status"]')" = DELETED ] || fail "the replay brought $MINJI back: $BODY"
call GET "$RESERVATION_URL/member-replica/$JISOO"; expect 200
[ "$(json 'j["status"]')" = ACTIVE ] || fail "$JISOO is no longer ACTIVE after the replay: $BODY"

step "Admin: the dead-letter queue (reservation-service)"
call GET "$RESERVATION_URL/admin/dlq"; expect 401
call GET "$RESERVATION_URL/admin/dlq" "" --admin; expect 200
json 'j["approximateCount"]' >/dev/null
call POST "$RESERVATION_URL/admin/dlq/redrive" '{}' --admin; expect 202
json 'j["moved"]' >/dev/null

printf '\nwalkthrough passed\n'

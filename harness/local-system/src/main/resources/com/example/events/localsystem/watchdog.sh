# Ends the processes of a local system together with the JVM that started them, however that JVM ends.
#
# Run as: sh -c "<this script>" watchdog RECORD GRACE_SECONDS, by that JVM, with a pipe from it as standard
# input. For each process it starts, the JVM writes a line "<pid> <name>"; the watchdog appends it to RECORD
# with the process's start time and answers "ok". The pipe ends when the JVM ends: after a normal stop, when the JVM has
# stopped its processes itself, and after a SIGKILL or the OOM killer, when nothing else would. Then every
# recorded process still running gets SIGTERM, and SIGKILL after GRACE_SECONDS, and RECORD is removed.
#
# A watchdog killed as well leaves RECORD behind. The next watchdog on the same RECORD (the next start with
# the same data directory) first stops what it names, if the JVM that wrote it is gone, saying so on its
# standard output, and then answers "ready"; it answers "busy <pid>" instead while that JVM still runs.
#
# A pid always goes with its start time (field 22 of /proc/<pid>/stat), so a pid that now belongs to some
# other process is never signalled.
set -u
set -f
record=$1
grace=$2

# The start time of a running process (not a zombie), in clock ticks since boot; fails when there is none.
started_at() {
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    # the fields after the command name, which may hold spaces and parentheses: state (3rd) .. start time (22nd)
    set -- ${stat##*") "}
    [ "$#" -ge 20 ] && [ "$1" != Z ] || return 1
    echo "${20}"
}

is_running() { # pid start-time
    [ "$(started_at "$1")" = "$2" ]
}

# SIGTERM to every recorded process still running, SIGKILL to those still running after the grace period;
# returns once they are gone.
stop_recorded() {
    targets=
    while read -r kind pid start name; do
        [ "$kind" = process ] && is_running "$pid" "$start" || continue
        kill -TERM "$pid" 2>/dev/null || continue
        echo "stopping $name (pid $pid)"
        targets="$targets $pid:$start"
    done < "$record"
    ticks=0
    while [ -n "$targets" ]; do
        left=
        for target in $targets; do
            if is_running "${target%%:*}" "${target#*:}"; then left="$left $target"; fi
        done
        targets=$left
        [ -n "$targets" ] || break
        if [ "$ticks" -eq $((grace * 5)) ]; then
            for target in $targets; do kill -KILL "${target%%:*}" 2>/dev/null; done
        elif [ "$ticks" -gt $(((grace + 5) * 5)) ]; then
            break
        fi
        sleep 0.2
        ticks=$((ticks + 1))
    done
}

if [ -f "$record" ]; then
    kind= pid= start=
    read -r kind pid start rest < "$record" || true
    if [ "$kind" = launcher ] && is_running "$pid" "$start"; then
        echo "busy $pid"
        exit 0
    fi
    echo "leftover ${pid:-unknown}"
    stop_recorded
fi
echo "launcher $PPID $(started_at "$PPID" || echo -)" > "$record"
echo ready
# the JVM may be gone when an answer is written: that must not end this script
trap '' PIPE
exec 2> /dev/null

while read -r pid name; do
    echo "process $pid $(started_at "$pid" || echo -) $name" >> "$record"
    echo ok
done
stop_recorded
rm -f "$record"

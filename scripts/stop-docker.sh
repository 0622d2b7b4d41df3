#!/usr/bin/env bash
# Stop the dockerd that scripts/ensure-docker.sh started, and only that one.
# An engine run by systemd, by another user or by another tool is left alone:
# other work on the machine may depend on it. Safe to run repeatedly.
#
# Exit codes: 0 stopped or nothing of ours to stop; 1 our dockerd would not
# stop.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=docker-state.sh
. "$here/docker-state.sh"

log() { printf 'stop-docker: %s\n' "$*" >&2; }

state_dir=$(jsctp_docker_state_dir)
record="$state_dir/dockerd.started-by-ensure"

if [ ! -f "$record" ]; then
    log "no dockerd was started by ensure-docker.sh ($record absent); leaving any engine alone"
    exit 0
fi

read -r pid recorded_start <"$record" || true
if [ -z "${pid:-}" ]; then
    log "empty record $record; removing it"
    rm -f "$record"
    exit 0
fi

# Signal only if the pid is still the very process we started: same command
# name and same start time. Otherwise it already exited and the pid may now
# belong to someone else.
if [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != dockerd ] ||
   [ "$(jsctp_proc_starttime "$pid" || true)" != "$recorded_start" ]; then
    log "dockerd $pid from the record is no longer running; removing the stale record"
    rm -f "$record"
    exit 0
fi

# ensure-docker.sh used sudo when it was not root; so do we.
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo -n); fi

# `kill -0` would say "no such process" for a root daemon seen by a normal
# user (EPERM); /proc tells the truth for everyone.
# A zombie (state Z) has exited already; only an unreaping parent keeps it.
alive() {
    local stat
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# SIGTERM lets dockerd stop its containers and its containerd cleanly.
log "stopping dockerd $pid"
"${as_root[@]}" kill -TERM "$pid"
for _ in $(seq 1 60); do
    if ! alive; then
        rm -f "$record"
        log "dockerd stopped"
        exit 0
    fi
    sleep 0.5
done

log "dockerd $pid ignored SIGTERM for 30s; sending SIGKILL"
"${as_root[@]}" kill -KILL "$pid" 2>/dev/null || true
sleep 1
if alive; then
    log "dockerd $pid is still running"
    exit 1
fi
rm -f "$record"
log "dockerd killed"

#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine, installing and starting
# one when needed. Safe to run any number of times, with no terminal and with
# CI=true: a run that finds a working engine changes nothing and takes well
# under a second.
#
# Exit codes (callers branch on them):
#   0  an engine answers `docker info`.
#   3  no engine, and none can be started here (no root rights, or dockerd
#      will not come up on this kernel). Container tests should be reported
#      as SKIPPED with the printed reason, never as passed or failed.
#      Set JSCTP_REQUIRE_DOCKER=1 to turn this case into exit 1 instead, for
#      a CI that must not quietly lose its container tests.
#   1  anything else that went wrong (e.g. apt could not install docker.io).
#
# When this script starts dockerd itself it records the pid in a state
# directory (see docker-state.sh), so that scripts/stop-docker.sh stops that
# dockerd and never one that somebody else runs.
#
# Tunables (environment):
#   JSCTP_DOCKER_TIMEOUT   seconds to wait for a fresh dockerd (default 60)
#   JSCTP_DOCKERD_ARGS     extra dockerd arguments (default
#                          --storage-driver=overlay2: the kernel-backed driver;
#                          vfs would copy every layer and make builds crawl)

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=docker-state.sh
. "$here/docker-state.sh"

readonly EXIT_UNAVAILABLE=3
timeout_s=${JSCTP_DOCKER_TIMEOUT:-60}
dockerd_args=${JSCTP_DOCKERD_ARGS:---storage-driver=overlay2}

log() { printf 'ensure-docker: %s\n' "$*" >&2; }

# The engine cannot exist here: explain why and leave with the "skip" code,
# or with a hard failure when the caller demands Docker.
unavailable() {
    log "Docker engine unavailable: $*"
    if [ "${JSCTP_REQUIRE_DOCKER:-0}" = 1 ]; then
        log "JSCTP_REQUIRE_DOCKER=1, so this is an error"
        exit 1
    fi
    log "container tests must be reported as skipped"
    exit "$EXIT_UNAVAILABLE"
}

# `docker info` against a wedged daemon can hang for minutes; bound it.
engine_answers() {
    command -v docker >/dev/null 2>&1 && timeout 15 docker info >/dev/null 2>&1
}

if engine_answers; then
    log "engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
fi

# Everything from here on changes the machine: it needs root, either directly
# or through a sudo that asks no password (no stdin in CI to type one).
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    unavailable "no engine answers and this user ($(id -un)) has no root rights to install or start one"
fi

state_dir=$(jsctp_docker_state_dir)
"${as_root[@]}" mkdir -p "$state_dir"
if [ ${#as_root[@]} -gt 0 ]; then "${as_root[@]}" chown "$(id -u)" "$state_dir"; fi

# Two builds started at once (two terminals, CI plus a developer) must not
# both launch a dockerd: take a lock, then look again.
exec 9>"$state_dir/ensure.lock"
if ! flock -w $((timeout_s + 300)) 9; then
    log "timed out waiting for another ensure-docker.sh to finish"
    exit 1
fi
if engine_answers; then
    log "engine came up while waiting for the lock"
    exit 0
fi

# --- 1. install what is missing ------------------------------------------------

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
# build-images.sh makes the base image with debootstrap, which checks the
# Release signatures against Debian's keyring.
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)

apt_install() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@" </dev/null
}

if [ ${#missing[@]} -gt 0 ]; then
    # Deduplicate (docker.io may be listed twice).
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    command -v apt-get >/dev/null 2>&1 || unavailable "missing ${missing[*]} and this is not an apt system"
    log "installing ${missing[*]}"

    # A package's postinst would start the Debian docker service with its own
    # defaults; we want to start dockerd ourselves, with our arguments, and
    # know that we did. policy-rc.d exit 101 is Debian's documented way to say
    # "do not start services now". Only add one when none exists, and always
    # take ours away again.
    policy=/usr/sbin/policy-rc.d
    placed_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary, from jsctp scripts/ensure-docker.sh\nexit 101\n' \
            | "${as_root[@]}" tee "$policy" >/dev/null
        "${as_root[@]}" chmod 755 "$policy"
        placed_policy=1
    fi
    remove_policy() { if [ "$placed_policy" = 1 ]; then "${as_root[@]}" rm -f "$policy"; fi; }
    trap remove_policy EXIT

    # The package lists may be current already: try without touching them.
    # If not, refresh. A broken third-party source makes `apt-get update`
    # exit non-zero even when the Debian sources refreshed fine, so its exit
    # code is not the verdict: the second install attempt is.
    if ! apt_install "${missing[@]}"; then
        log "first install attempt failed; refreshing package lists"
        if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null; then
            log "apt-get update reported errors (often a third-party source); trying the install anyway"
        fi
        apt_install "${missing[@]}" || { log "could not install ${missing[*]} with apt"; exit 1; }
    fi
    remove_policy
    trap - EXIT
    placed_policy=0
fi

# An installed engine may have been started by the package after all (an
# existing policy-rc.d that allows it): nothing more to do then.
if engine_answers; then
    log "engine answers after install"
    exit 0
fi

# --- 2. start dockerd ---------------------------------------------------------

log_file="$state_dir/dockerd.log"
log "starting dockerd $dockerd_args (log: $log_file)"
# setsid: its own session, so the daemon outlives this script, the CI step
# and the terminal, and a Ctrl-C in the caller's process group does not hit it.
# shellcheck disable=SC2086  # dockerd_args is a word list on purpose
"${as_root[@]}" setsid dockerd $dockerd_args </dev/null >>"$log_file" 2>&1 &
launcher_pid=$!

deadline=$((SECONDS + timeout_s))
while [ $SECONDS -lt $deadline ]; do
    if engine_answers; then
        break
    fi
    if ! kill -0 "$launcher_pid" 2>/dev/null && [ ${#as_root[@]} -eq 0 ]; then
        log "dockerd exited during start-up; last lines of its log:"
        tail -n 20 "$log_file" >&2 || true
        unavailable "dockerd could not start on this machine (see $log_file)"
    fi
    sleep 0.5
done

if ! engine_answers; then
    log "dockerd did not answer within ${timeout_s}s; last lines of its log:"
    tail -n 20 "$log_file" >&2 || true
    unavailable "dockerd started but never became ready (see $log_file)"
fi

# With sudo in between, $! is sudo's pid, not dockerd's. dockerd writes its
# own pid file before it serves the API, so once it answers that file is
# current and is the authority.
dockerd_pid=$(cat /var/run/docker.pid 2>/dev/null || true)
if [ -z "$dockerd_pid" ] || [ "$(cat "/proc/$dockerd_pid/comm" 2>/dev/null)" != dockerd ]; then
    dockerd_pid=$launcher_pid
fi
start_time=$(jsctp_proc_starttime "$dockerd_pid" || echo "?")
printf '%s %s\n' "$dockerd_pid" "$start_time" >"$state_dir/dockerd.started-by-ensure"
log "engine ready after $((SECONDS))s (dockerd pid $dockerd_pid, recorded in $state_dir)"

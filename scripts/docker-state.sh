# Shared by ensure-docker.sh and stop-docker.sh (sourced, not run).
#
# Both scripts must agree on where the "we started dockerd" record lives, so
# the choice is made here once. /run is the right home: it is cleared at boot,
# exactly when a dockerd we started stops existing. A user who cannot write
# /run (not root) gets a private directory under TMPDIR instead.

jsctp_docker_state_dir() {
    if [ -n "${JSCTP_DOCKER_STATE_DIR:-}" ]; then
        printf '%s\n' "$JSCTP_DOCKER_STATE_DIR"
    elif [ -w /run ]; then
        printf '%s\n' /run/jsctp-docker
    else
        printf '%s\n' "${TMPDIR:-/tmp}/jsctp-docker-$(id -u)"
    fi
}

# Start time of a process in clock ticks since boot (field 22 of
# /proc/PID/stat). A pid alone can be reused by an unrelated process after
# dockerd exits; pid plus start time cannot, so stop-docker.sh never signals
# a stranger.
jsctp_proc_starttime() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    # The command name (field 2) is in parentheses and may contain spaces:
    # cut everything up to the last ')' before splitting on blanks.
    stat=${stat##*) }
    # After the cut, field 3 (state) is the first word, so field 22 is the 20th.
    set -- $stat
    printf '%s\n' "${20}"
}

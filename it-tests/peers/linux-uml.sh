#!/bin/bash
# Runs a command on the Linux kernel's SCTP inside User-Mode Linux (UML).
#
# The host kernel has no SCTP, so the kernel stack is brought in as a UML
# guest: an ordinary process running Debian's UML kernel (package
# user-mode-linux), with the host's filesystem as its root (hostfs, so host
# binaries such as target/kpeer run unchanged) and one or two tap devices
# as its network interfaces eth0, eth1.  The guest loads sctp.ko, configures
# the interfaces, runs the command and powers off when it exits.
#
# usage: linux-uml.sh [options] [--] COMMAND [ARG...]
#   COMMAND "kpeer" means this directory's target/kpeer (built when missing).
# options:
#   --netns NS        create the taps in network namespace NS and run UML there
#                     (created when missing and then deleted at exit)
#   --link SPEC       one guest interface, repeatable (first is eth0):
#                     TAP,HOST4/LEN,GUEST4[,HOST6/LEN,GUEST6]
#   --links N         use the N (1 or 2) default links instead of --link:
#                     jsp-uml0,10.251.0.1/24,10.251.0.2,fd00:251::1/64,fd00:251::2
#                     jsp-uml1,10.251.1.1/24,10.251.1.2,fd00:251:1::1/64,fd00:251:1::2
#   --mem SIZE        guest memory (default 256M)
#   --log FILE        whole console log, boot messages included
#   --ready-pattern RE  guest output line that means "ready" (default
#                     '^event=listening' when an argument is "server",
#                     else '^uml=command-start')
#   --ready-file FILE written (host path) once ready
#   --sysctl K=V      set in the guest before the command (repeatable),
#                     e.g. net.sctp.auth_enable=1
#   --guest-setup CMD shell command run in the guest before COMMAND (repeatable)
#   --start-gate FILE hold COMMAND until FILE exists (host path).  The taps
#                     exist once "uml=start" is printed; a host-side peer
#                     that must bind their addresses (usrsctp learns
#                     addresses only at start-up) can start then, and the
#                     caller creates FILE when that peer listens.
#   --timeout SEC     stop the guest after SEC seconds (exit status 124)
#   --verbose         copy boot messages to stderr as well
#
# stdout carries the guest command's output (CR stripped) and this script's
# own lines, all "key=value":
#   uml=start kernel=... package=...   before boot
#   uml=guest-start release=6.1.176    first line from the guest
#   uml=net-up                         interfaces configured, sctp loaded
#   uml=command-start                  the command runs
#   uml=ready ms=N                     ready pattern seen (N = ms since start)
#   uml=exit rc=N ms=N                 guest gone; rc is the command's status
# Exit status: the command's, 124 on --timeout, 125 when the guest died
# before reporting one, 1 on setup errors.
#
# Stopping: SIGTERM/SIGINT (or the end of --timeout) first ask the guest to
# send SIGTERM to the command (the peers then shut their associations down
# gracefully), wait up to 3 s, then kill the UML process group; taps (and a
# namespace this script created) are always removed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JSP_PROG=linux-uml.sh
. "$HERE/lib.sh"

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

GATE="" NETNS="" MEM=256M LOG="" READY_RE="" READY_FILE="" TIMEOUT=0 VERBOSE=0
LINKS=() SYSCTLS=() SETUP=()
DEFAULT_LINKS=("jsp-uml0,10.251.0.1/24,10.251.0.2,fd00:251::1/64,fd00:251::2"
               "jsp-uml1,10.251.1.1/24,10.251.1.2,fd00:251:1::1/64,fd00:251:1::2")
while [ $# -gt 0 ]; do
    case $1 in
        --netns) NETNS=$2; shift 2 ;;
        --link) LINKS+=("$2"); shift 2 ;;
        --links) [[ $2 =~ ^[12]$ ]] || jsp_die "--links takes 1 or 2"
                 LINKS=("${DEFAULT_LINKS[@]:0:$2}"); shift 2 ;;
        --mem) MEM=$2; shift 2 ;;
        --log) LOG=$2; shift 2 ;;
        --ready-pattern) READY_RE=$2; shift 2 ;;
        --ready-file) READY_FILE=$2; shift 2 ;;
        --sysctl) SYSCTLS+=("$2"); shift 2 ;;
        --guest-setup) SETUP+=("$2"); shift 2 ;;
        --start-gate) GATE=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --verbose) VERBOSE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) jsp_die "unknown option $1 (see --help)" ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || jsp_die "no command given (see --help)"
[ ${#LINKS[@]} -gt 0 ] || LINKS=("${DEFAULT_LINKS[0]}")
[[ $TIMEOUT =~ ^[0-9]+$ ]] || jsp_die "--timeout takes whole seconds"
jsp_require_root

# lksctp-tools is not needed by kpeer but gives sctp_darn/sctp_test for
# hand use in the guest; libsctp1 is kpeer's run-time library.
jsp_ensure_packages user-mode-linux kmod iproute2 lksctp-tools libsctp1
CMD=("$@")
if [ "${CMD[0]}" = kpeer ]; then
    "$HERE/build.sh" || jsp_die "building kpeer failed"
    CMD[0]=$HERE/target/kpeer
fi
if [ -z "$READY_RE" ]; then
    READY_RE='^uml=command-start'
    for a in "${CMD[@]}"; do [ "$a" = server ] && READY_RE='^event=listening'; done
fi

UML_BIN=$(command -v linux.uml || true)
[ -n "$UML_BIN" ] || UML_BIN=/usr/bin/linux.uml
[ -x "$UML_BIN" ] || jsp_die "no UML kernel at $UML_BIN"
# The modules directory names the kernel release the UML binary runs.
RELEASE=$(ls /usr/lib/uml/modules 2>/dev/null | sort -V | tail -1)
[ -n "$RELEASE" ] || jsp_die "no /usr/lib/uml/modules/<release>"
UML_PKG=$(dpkg-query -W -f='${Version}' user-mode-linux 2>/dev/null || echo unknown)

START_MS=$(jsp_now_ms)
# The run directory is on the host's /tmp, which the guest sees at the
# same path through hostfs: the init script, the stop flag and UML's own
# state (uml_dir) live there, and nothing is left behind in ~/.uml.
RUN=$(mktemp -d /tmp/jsp-uml.XXXXXX) || jsp_die "mktemp failed"
[ -n "$LOG" ] || LOG=$RUN/console.log
: > "$LOG" || jsp_die "cannot write $LOG"

UML_NET="" NS_CREATED=0 TAPS_CREATED=() UML_PID="" READER_PID="" WATCHDOG_PID="" FINISHING=0
nsexec() { if [ -n "$NETNS" ]; then ip netns exec "$NETNS" "$@"; else "$@"; fi; }

cleanup() {
    local rc=${1:-$?}
    [ "$FINISHING" = 1 ] && return
    FINISHING=1
    trap '' INT TERM HUP
    [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null
    if [ -n "$UML_PID" ] && kill -0 "$UML_PID" 2>/dev/null; then
        # Ask the guest's init to stop the command gracefully first.
        touch "$RUN/stop"
        local i
        for i in $(seq 30); do kill -0 "$UML_PID" 2>/dev/null || break; sleep 0.1; done
        kill -TERM -- -"$UML_PID" 2>/dev/null
        for i in $(seq 20); do kill -0 "$UML_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- -"$UML_PID" 2>/dev/null
    fi
    # Let the reader drain what the guest printed last.
    if [ -n "$READER_PID" ]; then
        local i
        for i in $(seq 20); do kill -0 "$READER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$READER_PID" 2>/dev/null
    fi
    local t
    for t in "${TAPS_CREATED[@]}"; do nsexec ip link del "$t" 2>/dev/null; done
    [ "$NS_CREATED" = 1 ] && ip netns del "$NETNS" 2>/dev/null
    if [ -f "$RUN/rc" ] && [ "$rc" = 0 ]; then rc=$(cat "$RUN/rc"); fi
    echo "uml=exit rc=$rc ms=$(( $(jsp_now_ms) - START_MS ))"
    rm -rf "$RUN"
    exit "$rc"
}
trap 'cleanup 143' TERM
trap 'cleanup 130' INT
trap 'cleanup 129' HUP
trap 'cleanup' EXIT

if [ -n "$NETNS" ] && ! ip netns list | grep -qw -- "$NETNS"; then
    ip netns add "$NETNS" || jsp_die "cannot create namespace $NETNS"
    NS_CREATED=1
    nsexec ip link set lo up
fi

# Host side of each link: a tap with the host addresses.  The guest side
# (ethN) is configured by the guest init below.
# Guest network setup, run by one "ip -batch" (every fork is slow in UML).
GUEST_IP="link set lo up"$'\n'
GUEST_ADDRS=""
idx=0
for spec in "${LINKS[@]}"; do
    IFS=, read -r tap host4 guest4 host6 guest6 extra <<<"$spec"
    [ -n "$tap" ] && [ -n "$host4" ] && [ -n "$guest4" ] && [ -z "${extra:-}" ] ||
        jsp_die "bad --link '$spec' (TAP,HOST4/LEN,GUEST4[,HOST6/LEN,GUEST6])"
    [[ $host4 == */* ]] || jsp_die "host address needs a prefix length in '$spec'"
    if nsexec ip link show "$tap" >/dev/null 2>&1; then
        jsp_die "device $tap exists already${NETNS:+ in $NETNS}; not touching it"
    fi
    nsexec ip tuntap add dev "$tap" mode tap || jsp_die "cannot create tap $tap"
    TAPS_CREATED+=("$tap")
    # Keep IPv6 addresses when a test takes the tap down to cut a path.
    nsexec sysctl -qw "net.ipv6.conf.$tap.keep_addr_on_down=1" 2>/dev/null
    nsexec ip addr add "$host4" dev "$tap" || jsp_die "cannot add $host4 to $tap"
    len4=${host4#*/}
    GUEST_IP+="addr add $guest4/$len4 dev eth$idx"$'\n'
    GUEST_ADDRS+="${GUEST_ADDRS:+,}eth$idx=$guest4/$len4"
    if [ -n "${host6:-}" ]; then
        [[ $host6 == */* ]] || jsp_die "IPv6 host address needs a prefix length in '$spec'"
        # nodad: duplicate address detection would hold the address back ~1-2 s.
        nsexec ip -6 addr add "$host6" dev "$tap" nodad || jsp_die "cannot add $host6 to $tap"
        GUEST_IP+="addr add ${guest6}/${host6#*/} dev eth$idx nodad"$'\n'
        GUEST_ADDRS+=",eth$idx=$guest6/${host6#*/}"
    fi
    nsexec ip link set "$tap" up
    GUEST_IP+="link set eth$idx up"$'\n'
    UML_NET+=" eth$idx=tuntap,$tap"
    idx=$((idx + 1))
done

printf '%s' "$GUEST_IP" > "$RUN/ip.batch"

# Module load order, resolved here rather than in the guest: modules.dep
# lists a module's dependencies so that the last must be loaded first.
# hmac is requested by name through the crypto API, not by a symbol, so
# modules.dep does not list it; without it the kernel cannot sign cookies
# and answers every INIT with ABORT.
MODDIR=/usr/lib/uml/modules/$RELEASE
MODULES=()
add_module() {
    local m=$1 d x
    for x in "${MODULES[@]}"; do [ "$x" = "$m" ] && return; done
    for d in $(sed -n "s|^$m: *||p" "$MODDIR/modules.dep" | tr ' ' '\n' | tac); do add_module "$d"; done
    MODULES+=("$m")
}
add_module kernel/crypto/hmac.ko
add_module kernel/net/sctp/sctp.ko

# The guest's init (PID 1).  Its output goes to the console and so to the
# reader below; "uml=" lines are its reports.
{
    echo '#!/bin/bash'
    echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    echo "RUN=$(printf %q "$RUN")"
    echo "MODDIR=$(printf %q "$MODDIR")"
    printf 'MODULES=(%s)\n' "$(printf '%q ' "${MODULES[@]}")"
    echo "ADDRS=$(printf %q "$GUEST_ADDRS")"
    printf 'CMD=(%s)\n' "$(printf '%q ' "${CMD[@]}")"
    printf 'SYSCTLS=(%s)\n' "$( [ ${#SYSCTLS[@]} -gt 0 ] && printf '%q ' "${SYSCTLS[@]}")"
    printf 'SETUP=(%s)\n' "$( [ ${#SETUP[@]} -gt 0 ] && printf '%q ' "${SETUP[@]}")"
    echo "CWD=$(printf %q "$PWD")"
    echo "GATE=$(printf %q "$GATE")"
    cat <<'GUEST'
mount -t proc proc /proc
mount -t sysfs sysfs /sys
read -r release < /proc/sys/kernel/osrelease
echo "uml=guest-start release=$release"
# Kernel messages would interleave with the command's lines on the
# console; they are printed between dmesg markers at the end instead.
echo 1 > /proc/sys/kernel/printk
for m in "${MODULES[@]}"; do insmod "$MODDIR/$m" || echo "uml=error op=insmod module=$m"; done
ip -batch "$RUN/ip.batch" || echo "uml=error op=ip-batch"
GUEST
    cat <<'GUEST'
# Written straight to /proc/sys: the sysctl tool would cost a fork each.
for s in "${SYSCTLS[@]}"; do
    k=${s%%=*}
    echo "${s#*=}" > "/proc/sys/${k//.//}" || echo "uml=error op=sysctl value=$s"
done
for c in "${SETUP[@]}"; do bash -c "$c" || echo "uml=error op=guest-setup rc=$?"; done
echo "uml=net-up addrs=$ADDRS"
cd "$CWD" 2>/dev/null || cd /
# Sleep without forking (each fork costs in UML): a read with timeout on
# a FIFO nobody writes to.
mkfifo /dev/jsp-idle && exec 9<>/dev/jsp-idle
if [ -n "$GATE" ]; then
    echo "uml=waiting-gate file=$GATE"
    until [ -e "$GATE" ] || [ -e "$RUN/stop" ]; do read -t 0.05 -u 9; done
fi
"${CMD[@]}" &
CHILD=$!
echo "uml=command-start pid=$CHILD"
while kill -0 "$CHILD" 2>/dev/null; do
    if [ -e "$RUN/stop" ]; then
        rm -f "$RUN/stop"
        echo "uml=stopping pid=$CHILD"
        kill -TERM "$CHILD"
    fi
    read -t 0.1 -u 9
done
wait "$CHILD"
rc=$?
echo "$rc" > "$RUN/rc"
echo "uml=guest-exit rc=$rc"
echo "uml=dmesg-begin"
dmesg
echo "uml=dmesg-end"
poweroff -f
GUEST
} > "$RUN/init"
chmod +x "$RUN/init"

echo "uml=start kernel=$UML_BIN release=$RELEASE package=$UML_PKG netns=${NETNS:--} links=${#LINKS[@]}"

# The reader turns console output into stdout lines: boot messages and the
# dmesg dump go to the log only, everything the guest's init and command
# print after "uml=guest-start" also to stdout; it marks readiness.
mkfifo "$RUN/console"
reader() {
    # After the guest's exit report, lines (its dmesg dump, the power-off
    # messages) go to the log only.
    local line passing=0 ready=0 done=0
    # A Ctrl-C reaches this subshell too (same process group); it must keep
    # draining the console until the guest is gone, so cleanup ends it.
    trap '' INT TERM HUP
    while IFS= read -r line; do
        line=${line%$'\r'}
        printf '%s\n' "$line" >> "$LOG"
        if [ $passing = 0 ]; then
            [[ $line == uml=guest-start* ]] && passing=1
            [ $VERBOSE = 1 ] && printf '%s\n' "$line" >&2
            [ $passing = 0 ] && continue
        fi
        if [ $done = 1 ]; then
            [ $VERBOSE = 1 ] && printf '%s\n' "$line" >&2
            continue
        fi
        [[ $line == uml=guest-exit* ]] && done=1
        printf '%s\n' "$line"
        if [ $ready = 0 ] && [[ $line =~ $READY_RE ]]; then
            ready=1
            echo "uml=ready ms=$(( $(jsp_now_ms) - START_MS ))"
            [ -n "$READY_FILE" ] && echo "ready" > "$READY_FILE"
        fi
    done
}
reader < "$RUN/console" &
READER_PID=$!

# setsid: UML and all its helper processes form one process group that
# cleanup can signal as a whole.  umid/uml_dir keep its state in $RUN.
setsid ${NETNS:+ip netns exec "$NETNS"} "$UML_BIN" mem="$MEM" umid=jsp-uml uml_dir="$RUN" \
    root=/dev/root rootfstype=hostfs rootflags=/ rw init="$RUN/init" \
    $UML_NET con0=fd:0,fd:1 con=null < /dev/null > "$RUN/console" 2>&1 &
UML_PID=$!

if [ "$TIMEOUT" -gt 0 ]; then
    ( sleep "$TIMEOUT"; echo "uml=timeout seconds=$TIMEOUT"; kill -USR1 $$ ) &
    WATCHDOG_PID=$!
    trap 'cleanup 124' USR1
fi

# wait returns early when a trapped signal arrives, so the traps run promptly.
wait "$UML_PID"
uml_rc=$?
wait "$READER_PID" 2>/dev/null
READER_PID=""
if [ -f "$RUN/rc" ]; then cleanup "$(cat "$RUN/rc")"; else cleanup 125; fi

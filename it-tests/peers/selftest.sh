#!/bin/bash
# Proves the two reference SCTP peers against each other: usrsctp (upeer, in
# a network namespace on the host) and the Linux kernel (kpeer, in a
# User-Mode Linux guest whose two tap devices live in that namespace).
# No other SCTP stack exists on this machine, so each one is the other's
# witness: handshakes both ways, echo on several streams ordered and
# unordered, message sizes from 1 byte to many times the MTU, IPv6, a
# 50 MB transfer each way with digests compared, failover when the primary
# path is cut by nftables, graceful shutdown and abort from either side,
# one-to-one and one-to-many sockets, refused and timed-out connects, and a
# full capture checked by tshark for malformed packets and bad CRC32c.
#
# usage: selftest.sh [--keep] [--bulk BYTES]
#   --keep        keep the work directory (outputs, capture) even on success
#   --bulk BYTES  size of the bulk transfers (default 50M)
# Prints PASS/FAIL per check and INFO lines with measurements; exits 1 if
# any check failed.  Everything it creates is named jsp-* and removed at
# exit, whatever happens.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JSP_PROG=selftest.sh
. "$HERE/lib.sh"

KEEP=0 BULK=50M
while [ $# -gt 0 ]; do
    case $1 in
        --keep) KEEP=1; shift ;;
        --bulk) BULK=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) jsp_die "unknown argument $1" ;;
    esac
done
jsp_require_root
jsp_ensure_packages tshark nftables iproute2 user-mode-linux kmod lksctp-tools libsctp1 libusrsctp2
"$HERE/build.sh" || jsp_die "build failed"
KPEER=$HERE/target/kpeer UPEER=$HERE/target/upeer

# One namespace holds the host side of both links and the usrsctp peer;
# the taps are created in it by linux-uml.sh for each guest boot.
NS=jsp-st$$
T=$(mktemp -d /tmp/jsp-selftest.XXXXXX)
TAP0=jsp-st0 TAP1=jsp-st1
H4_0=10.252.0.1 G4_0=10.252.0.2 H4_1=10.252.1.1 G4_1=10.252.1.2
H6_0=fd00:252::1 G6_0=fd00:252::2 H6_1=fd00:252:1::1 G6_1=fd00:252:1::2
LINKS=(--link "$TAP0,$H4_0/24,$G4_0,$H6_0/64,$G6_0" --link "$TAP1,$H4_1/24,$G4_1,$H6_1/64,$G6_1")
# Short timers so failover and failure detection take about a second.
FAST=(--hb-interval 200 --path-max-retrans 2 --rto-min 100 --rto-max 500 --rto-initial 200)
CUT_TABLE=jsp-cut

# PPIDs in the checks (42, 1000, 4242) are ones Wireshark has no payload
# dissector for: with e.g. 7 (H.248) or 99 it parses the test text as that
# protocol and reports "Malformed Packet" for a perfectly good SCTP packet.
FAILS=0 CHECKS=0 BG_PIDS=() CAPTURE_PID=""
pass() { CHECKS=$((CHECKS + 1)); echo "PASS $1${2:+  ($2)}"; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL $1${2:+  ($2)}"; }
info() { echo "INFO $*"; }
# check NAME DETAIL COMMAND...: PASS when COMMAND succeeds.
check() { local name=$1 detail=$2; shift 2; if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi; }

cleanup() {
    trap '' INT TERM HUP
    local p
    # Our own background jobs only, by process id; linux-uml.sh removes its
    # taps and stops its guest on SIGTERM.
    for p in "${BG_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    [ -n "$CAPTURE_PID" ] && { kill -TERM "$CAPTURE_PID" 2>/dev/null; wait "$CAPTURE_PID" 2>/dev/null; }
    ip netns del "$NS" 2>/dev/null
    if [ "$KEEP" = 1 ] || [ "$FAILS" -gt 0 ]; then
        echo "INFO outputs kept in $T"
    else
        rm -rf "$T"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ helpers

# The matchers are single awk processes on purpose: "producer | grep -q"
# under pipefail fails whenever grep exits at its first match before the
# producer is done (SIGPIPE), which turns a match into a failed check.
# has FILE REGEX [FROM_LINE]: a line after FROM_LINE matches (awk ERE).
has() { awk -v re="$2" -v from="${3:-0}" 'NR > from && $0 ~ re {found = 1} END {exit !found}' "$1" 2>/dev/null; }
# count FILE REGEX: number of matching lines.
count() { awk -v re="$2" '$0 ~ re {n++} END {print n + 0}' "$1"; }
# kv FILE EVENT KEY [FROM_LINE]: KEY's value in the first EVENT line.
kv() {
    awk -v ev="event=$2 " -v key="$3=" -v from="${4:-0}" '
        NR > from && index($0, ev) == 1 {
            for (i = 1; i <= NF; i++) if (index($i, key) == 1) { print substr($i, length(key) + 1); exit }
        }' "$1"
}
# streams FILE EVENT [FROM_LINE]: "sid:sha256" of each EVENT-stream line, sorted.
streams() {
    awk -v ev="event=$2-stream " -v from="${3:-0}" '
        NR > from && index($0, ev) == 1 {
            sid = ""; sha = ""
            for (i = 1; i <= NF; i++) {
                if (index($i, "sid=") == 1) sid = substr($i, 5)
                if (index($i, "sha256=") == 1) sha = substr($i, 8)
            }
            print sid ":" sha
        }' "$1" | sort
}
lines() { wc -l < "$1"; }
# first_t FILE REGEX: the t= value (seconds) of the first matching line.
first_t() { awk -v re="$2" '$0 ~ re {sub("t=", "", $2); print $2; exit}' "$1"; }
# ms_between MS SECONDS: SECONDS*1000 - MS, as an integer.
ms_between() { awk -v ms="$1" -v s="$2" 'BEGIN {printf "%d", s * 1000 - ms}'; }
# wait_for FILE REGEX SECONDS [FROM_LINE]: poll until a line matches.
wait_for() {
    local i
    for i in $(seq $(($3 * 10))); do has "$1" "$2" "${4:-0}" && return 0; sleep 0.1; done
    return 1
}
# split_sections FILE: each "selftest=begin NAME" .. "selftest=end NAME rc=N"
# block a guest script printed goes to $T/NAME.sec.
split_sections() {
    awk -v dir="$T" '/^selftest=begin / {f = dir "/" $2 ".sec"} f != "" {print > f} /^selftest=end / {f = ""}' "$1"
}

# start_uml NAME [linux-uml options] -- COMMAND...: boot a guest in the background.
start_uml() {
    local name=$1; shift
    "$HERE/linux-uml.sh" --netns "$NS" "${LINKS[@]}" --timeout 600 "$@" > "$T/$name.out" 2> "$T/$name.err" &
    eval "UML_$name=$!"
    BG_PIDS+=($!)
    # The taps exist once linux-uml.sh prints uml=start.
    wait_for "$T/$name.out" '^uml=start' 30 || { fail "$name-boot" "no uml=start, see $T/$name.err"; return 1; }
}
# stop_uml NAME: end the guest (SIGTERM: graceful stop of its command).
stop_uml() {
    local pid
    eval "pid=\${UML_$1:-}"
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    eval "UML_$1="
}
# wait_uml NAME SECONDS: wait for the guest to end by itself.
wait_uml() {
    local pid
    eval "pid=\${UML_$1:-}"
    wait_for "$T/$1.out" '^uml=exit' "$2" || return 1
    wait "$pid" 2>/dev/null
    eval "UML_$1="
}
boot_ms() { sed -n 's/^uml=ready ms=\([0-9]*\).*/\1/p' "$T/$1.out" | head -1; }

# upeer NAME ARGS...: run a usrsctp client in the namespace to the end.
upeer() {
    local name=$1; shift
    timeout 300 ip netns exec "$NS" "$UPEER" "$@" > "$T/$name.out" 2> "$T/$name.err"
}
# upeer_bg NAME ARGS...: start a usrsctp peer in the background (NAME
# becomes part of a variable name: letters, digits, underscores).
upeer_bg() {
    local name=$1; shift
    ip netns exec "$NS" "$UPEER" "$@" > "$T/$name.out" 2> "$T/$name.err" &
    eval "UP_$name=$!"
    BG_PIDS+=($!)
}
upeer_stop() {
    local pid
    eval "pid=\${UP_$1:-}"
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    eval "UP_$1="
}

# Cut or restore path 0 (TAP0) for SCTP in both directions: netdev
# ingress drops what the guest sends, egress what the host sends, so the
# path is silently dead as a broken link would be (an output-hook drop
# would instead make sendto fail with EPERM).
cut_path0() {
    ip netns exec "$NS" nft -f - <<EOF
table netdev $CUT_TABLE {
    chain in0 { type filter hook ingress device "$TAP0" priority 0; policy accept; meta l4proto sctp drop; }
    chain out0 { type filter hook egress device "$TAP0" priority 0; policy accept; meta l4proto sctp drop; }
}
EOF
}
restore_path0() { ip netns exec "$NS" nft delete table netdev "$CUT_TABLE" 2>/dev/null; }

same_digest() { [ -n "$1" ] && [ "$1" = "$2" ]; }

# -------------------------------------------------------------------- setup

ip netns add "$NS" || jsp_die "cannot create namespace $NS"
ip -n "$NS" link set lo up
# One capture of everything in the namespace: "any" also covers the taps
# that each guest boot creates later.
ip netns exec "$NS" dumpcap -i any -w "$T/all.pcapng" > "$T/dumpcap.out" 2>&1 &
CAPTURE_PID=$!
wait_for "$T/dumpcap.out" 'Capturing on' 10 || jsp_die "dumpcap did not start: $(cat "$T/dumpcap.out")"
info "namespace $NS, work directory $T, bulk size $BULK"

# ================================================================
# K1: kernel echo server in the guest, usrsctp clients on the host.
# ================================================================
start_uml K1 -- "$KPEER" server --port 5001 --bind "$G4_0" --bind "$G4_1" --bind "$G6_0" --bind "$G6_1" --mode echo \
    "${FAST[@]}" --timeout 500 || exit 1
if wait_for "$T/K1.out" '^uml=ready' 60; then
    pass K1-boot "kernel $(sed -n 's/.*release=\([^ ]*\).*/\1/p' "$T/K1.out" | head -1) ready after $(boot_ms K1) ms"
else
    fail K1-boot "see $T/K1.out"; exit 1
fi

# Handshake usrsctp -> kernel, multi-homed, echo on 4 streams with a PPID.
m=$(lines "$T/K1.out")
upeer u2k-echo client --port 5001 --bind "$H4_0" --bind "$H4_1" "$G4_0" "$G4_1" --streams 4 --ppid 42 \
    --send alpha --send beta --send gamma --send delta --send "with space" --send "x=y%z" --expect-echo --timeout 30
rc=$?
check u2k-handshake "usrsctp INIT, kernel INIT ACK, rc=$rc" \
    has "$T/u2k-echo.out" "^event=connect .*result=ok"
check u2k-multihomed "both kernel addresses are peer addresses" \
    eval 'has "$T/u2k-echo.out" "^event=assoc-change .*state=COMM_UP .*peer_addrs=[^ ]*$G4_0" && has "$T/u2k-echo.out" "^event=assoc-change .*state=COMM_UP .*peer_addrs=[^ ]*$G4_1"'
check u2k-echo-streams "6 messages on streams 0-3, PPID 42" \
    eval 'has "$T/u2k-echo.out" "^event=echo-check .*result=ok" && [ $rc = 0 ] && [ "$(count "$T/u2k-echo.out" "^event=data .*ppid=42 unordered=0")" = 6 ]'
wait_for "$T/K1.out" '^event=recv-summary ' 5 "$m"
check u2k-client-shutdown "client SHUTDOWN: client SHUTDOWN_COMP, kernel SHUTDOWN_EVENT" \
    eval 'has "$T/u2k-echo.out" "state=SHUTDOWN_COMP" && has "$T/K1.out" "^event=shutdown-event" "$m"'
# Across streams the arrival order may differ from the sending order, so
# the digests are compared per stream, plus the order-free message set.
check u2k-echo-digest "kernel received what usrsctp sent, per stream" \
    eval '[ -n "$(streams "$T/u2k-echo.out" send-done)" ] && [ "$(streams "$T/u2k-echo.out" send-done)" = "$(streams "$T/K1.out" recv-summary "$m")" ] && same_digest "$(kv "$T/u2k-echo.out" send-done msgset)" "$(kv "$T/K1.out" recv-summary msgset "$m")"' 
check u2k-text-escaping "text with space and '=%' survives the round trip" \
    has "$T/K1.out" "^event=data .*text=x%3Dy%25z" "$m"

# Unordered messages keep the U flag through the echo.
m=$(lines "$T/K1.out")
upeer u2k-unordered client --port 5001 "$G4_0" --streams 3 --unordered --ppid 4242 \
    --send u1 --send u2 --send u3 --send u4 --send-bytes 200000 --msg-size 5000 --expect-echo --timeout 30
rc=$?
wait_for "$T/K1.out" '^event=recv-summary ' 5 "$m"
check u2k-unordered "kernel got U=1, echo came back U=1 (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/K1.out" "^event=data .*unordered=1" "$m" && ! has "$T/K1.out" "^event=data .*unordered=0" "$m" && has "$T/u2k-unordered.out" "^event=data .*unordered=1" && has "$T/u2k-unordered.out" "^event=echo-check .*result=ok"'

# Sizes: 1 byte, the largest single-packet DATA for IPv4 with MTU 1500
# (1500 - 20 IP - 12 common header - 16 DATA header = 1452) and one above
# it, then several times the MTU.  usrsctp refuses a message larger than
# its send buffer (EMSGSIZE), hence the 100000 byte ceiling.
bad=""
for size in 1 100 1452 1453 4000 9000 65000 100000; do
    upeer "u2k-size-$size" client --port 5001 "$G4_0" --send-bytes $size --msg-size $size --expect-echo --quiet --timeout 30 ||
        bad+=" $size"
    has "$T/u2k-size-$size.out" "^event=echo-check .*result=ok sent_bytes=$size echoed_bytes=$size" || bad+=" $size(echo)"
done
check u2k-sizes "echo of 1..100000 byte messages${bad:+, failed:$bad}" [ -z "$bad" ]

# IPv6 handshake and echo.
upeer u2k-ipv6 client --port 5001 --bind "$H6_0" "$G6_0" --send "over ipv6" --expect-echo --timeout 30
rc=$?
check u2k-ipv6 "IPv6 association, echo (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/u2k-ipv6.out" "^event=assoc-change .*COMM_UP .*peer_addrs=$G6_0" && has "$T/u2k-ipv6.out" "^event=echo-check .*result=ok"'

# Abort from the usrsctp client.
m=$(lines "$T/K1.out")
upeer u2k-abort client --port 5001 "$G4_0" --send "then abort" --abort --timeout 30
rc=$?
wait_for "$T/K1.out" '^event=assoc-change .*COMM_LOST' 5 "$m"
check u2k-client-abort "usrsctp ABORT -> kernel COMM_LOST, User-Initiated Abort with reason (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/u2k-abort.out" "^event=abort-sent .*result=ok" && has "$T/K1.out" "^event=assoc-change .*state=COMM_LOST .*abort_cause=12 abort_reason=jsp-test-abort" "$m"'
# Connection failures must come back as the errno a socket user expects.
upeer u2k-refused client --port 5999 "$G4_0" --send x --timeout 30
rc=$?
check u2k-refused "INIT to a port without listener: kernel ABORT -> ECONNREFUSED (rc=$rc)" \
    eval '[ $rc = 2 ] && has "$T/u2k-refused.out" "^event=connect .*result=error errno=ECONNREFUSED"'
upeer u2k-init-timeout client --port 5001 10.252.0.99 --init-max-attempts 2 --rto-min 100 --rto-initial 200 --rto-max 400 --timeout 30
rc=$?
check u2k-init-timeout "INIT never answered, 2 attempts -> ETIMEDOUT (rc=$rc)" \
    eval '[ $rc = 2 ] && has "$T/u2k-init-timeout.out" "^event=connect .*result=error errno=ETIMEDOUT"'
upeer u-bad-option client --port 5001 "$G4_0" --rto-initial 200 --timeout 30
rc=$?
check u-bad-option "RTO.Initial below the default RTO.Min is refused by name (rc=$rc)" \
    eval '[ $rc = 1 ] && has "$T/u-bad-option.out" "^event=error .*op=setsockopt option=SCTP_RTOINFO errno=EINVAL"'
stop_uml K1

# ================================================================
# K2: kernel sink-digest server: bulk and failover, usrsctp sending.
# ================================================================
start_uml K2 -- "$KPEER" server --port 5002 --bind "$G4_0" --bind "$G4_1" --mode sink-digest "${FAST[@]}" --timeout 500 || exit 1
wait_for "$T/K2.out" '^uml=ready' 60 || fail K2-boot "see $T/K2.out"
m=$(lines "$T/K2.out")
t0=$(jsp_now_ms)
upeer u2k-bulk client --port 5002 "$G4_0" --send-bytes "$BULK" --msg-size 1400 --quiet --timeout 200
rc=$?
t1=$(jsp_now_ms)
wait_for "$T/K2.out" '^event=recv-summary ' 20 "$m"
s_sent=$(kv "$T/u2k-bulk.out" send-done sha256); s_recv=$(kv "$T/K2.out" recv-summary sha256 "$m")
b_recv=$(kv "$T/K2.out" recv-summary bytes "$m"); mb=$(kv "$T/K2.out" recv-summary mbit_s "$m")
check u2k-bulk "$BULK usrsctp->kernel, $b_recv bytes, digest ${s_recv:0:16}..., $mb Mbit/s, $((t1 - t0)) ms with handshake and shutdown" \
    eval '[ $rc = 0 ] && same_digest "$s_sent" "$s_recv"'

# Failover: primary path 0 dies 1 s into a 30 MB transfer; the
# association must move to path 1 and deliver every byte.
m=$(lines "$T/K2.out")
t_launch=$(jsp_now_ms)
upeer_bg u2kfo client --port 5002 --bind "$H4_0" --bind "$H4_1" "$G4_0" "$G4_1" --send-bytes 30M --msg-size 1400 --quiet \
    "${FAST[@]}" --timeout 200
wait_for "$T/u2kfo.out" '^event=assoc-change .*COMM_UP' 10
sleep 1
cut_path0 || fail u2k-failover-cut "nft failed"
t_cut=$(jsp_now_ms)
wait "$UP_u2kfo"; rc=$?; UP_u2kfo=""
restore_path0
wait_for "$T/K2.out" '^event=recv-summary ' 20 "$m"
s_sent=$(kv "$T/u2kfo.out" send-done sha256); s_recv=$(kv "$T/K2.out" recv-summary sha256 "$m")
check u2k-failover "path 0 cut mid-transfer: usrsctp saw $G4_0 unreachable, 30M delivered, digests equal (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/u2kfo.out" "^event=peer-addr-change .*addr=$G4_0 state=ADDR_UNREACHABLE" && same_digest "$s_sent" "$s_recv"'
# The peer's t= counts from its own start, which is t_launch on this clock.
t_unr=$(first_t "$T/u2kfo.out" '^event=peer-addr-change .*state=ADDR_UNREACHABLE')
[ -n "$t_unr" ] && info "u2k failover: usrsctp declared $G4_0 unreachable $(ms_between "$(( t_cut - t_launch ))" "$t_unr") ms after the cut"
stop_uml K2

# ================================================================
# K3/K4: the kernel server ends the association itself.
# ================================================================
start_uml K3 -- "$KPEER" server --port 5003 --bind "$G4_0" --shutdown-after-msgs 2 --timeout 200 || exit 1
wait_for "$T/K3.out" '^uml=ready' 60 || fail K3-boot "see $T/K3.out"
upeer u2k-srvshut client --port 5003 "$G4_0" --send one --send two --wait-close --timeout 30
rc=$?
check k-server-shutdown "kernel SHUTDOWN -> usrsctp SHUTDOWN_EVENT + SHUTDOWN_COMP (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/u2k-srvshut.out" "^event=shutdown-event" && has "$T/u2k-srvshut.out" "state=SHUTDOWN_COMP" && wait_for "$T/K3.out" "^event=shutdown-sent .*result=ok" 5'
stop_uml K3

start_uml K4 -- "$KPEER" server --port 5004 --bind "$G4_0" --abort-after-msgs 1 --abort-reason kernel-says-bye --timeout 200 || exit 1
wait_for "$T/K4.out" '^uml=ready' 60 || fail K4-boot "see $T/K4.out"
upeer u2k-srvabort client --port 5004 "$G4_0" --send one --wait-close --timeout 30
rc=$?
# Exit status 4: the association was lost without this side aborting.
check k-server-abort "kernel ABORT (one-to-one: zero linger + close) -> usrsctp COMM_LOST, cause 12 (rc=$rc, 4 expected)" \
    eval '[ $rc = 4 ] && has "$T/u2k-srvabort.out" "^event=assoc-change .*state=COMM_LOST .*abort_cause=12" && wait_for "$T/K4.out" "^event=abort-sent .*result=ok" 5'
stop_uml K4

# ================================================================
# U1: usrsctp echo server, kernel clients in one guest.
# ================================================================
# usrsctp learns interface addresses once, at start-up, so it is started
# after linux-uml.sh has created the taps, and the guest's clients wait
# behind a start gate until it listens.
cat > "$T/u1-guest.sh" <<EOF
#!/bin/bash
run() { local name=\$1; shift; echo "selftest=begin \$name"; "$KPEER" "\$@"; echo "selftest=end \$name rc=\$?"; }
run k2u-echo client --port 6001 --bind $G4_0 --bind $G4_1 $H4_0 $H4_1 --streams 4 --ppid 1000 \
    --send one --send two --send three --send four --send five --expect-echo --timeout 30
run k2u-unordered client --port 6001 $H4_0 --streams 2 --unordered --send a --send b --send c \
    --send-bytes 100000 --msg-size 3000 --expect-echo --timeout 30
for size in 1 100 1452 1453 4000 9000 65000 100000 200000; do
    run k2u-size-\$size client --port 6001 $H4_0 --send-bytes \$size --msg-size \$size --expect-echo --quiet --timeout 30
done
run k2u-ipv6 client --port 6001 --bind $G6_1 $H6_1 --send "kernel over ipv6" --expect-echo --timeout 30
run k2u-abort client --port 6001 $H4_0 --send "abort follows" --abort --timeout 30
run k2u-refused client --port 6999 $H4_0 --send x --timeout 30
run k2u-init-timeout client --port 6001 10.252.0.99 --init-max-attempts 2 --rto-min 100 --rto-initial 200 --rto-max 400 --timeout 30
EOF
chmod +x "$T/u1-guest.sh"
rm -f "$T/u1.gate"
start_uml U1 --start-gate "$T/u1.gate" -- "$T/u1-guest.sh" || exit 1
upeer_bg usrv_echo server --port 6001 --bind "$H4_0" --bind "$H4_1" --bind "$H6_0" --bind "$H6_1" --mode echo --timeout 500
wait_for "$T/usrv_echo.out" '^event=listening' 10 || fail usrsctp-listen "see $T/usrv_echo.out $T/usrv_echo.err"
touch "$T/u1.gate"
wait_uml U1 240 || fail U1-end "guest did not finish"
split_sections "$T/U1.out"
S=$T
check k2u-handshake "kernel INIT, usrsctp INIT ACK" \
    has "$S/k2u-echo.sec" "^event=connect .*result=ok"
check k2u-multihomed "both usrsctp addresses are peer addresses" \
    eval 'has "$S/k2u-echo.sec" "^event=assoc-change .*COMM_UP .*peer_addrs=[^ ]*$H4_0" && has "$S/k2u-echo.sec" "^event=assoc-change .*COMM_UP .*peer_addrs=[^ ]*$H4_1"'
check k2u-echo-streams "5 messages on streams 0-3, PPID 1000, echo checked" \
    eval 'has "$S/k2u-echo.sec" "^event=echo-check .*result=ok" && has "$S/k2u-echo.sec" "^selftest=end k2u-echo rc=0" && [ "$(count "$S/k2u-echo.sec" "^event=data .*ppid=1000 unordered=0")" = 5 ]'
check k2u-unordered "U flag kept both ways" \
    eval 'has "$S/k2u-unordered.sec" "^event=echo-check .*result=ok" && has "$S/k2u-unordered.sec" "^event=data .*unordered=1" && ! has "$S/k2u-unordered.sec" "^event=data .*unordered=0" && has "$T/usrv_echo.out" "^event=data .*unordered=1"'
bad=""
for size in 1 100 1452 1453 4000 9000 65000 100000 200000; do
    has "$S/k2u-size-$size.sec" "^event=echo-check .*result=ok sent_bytes=$size echoed_bytes=$size" || bad+=" $size"
done
check k2u-sizes "echo of 1..200000 byte messages${bad:+, failed:$bad}" [ -z "$bad" ]
check k2u-ipv6 "IPv6 association, echo" \
    eval 'has "$S/k2u-ipv6.sec" "^event=echo-check .*result=ok" && has "$S/k2u-ipv6.sec" "COMM_UP .*peer_addrs=$H6_1"'
check k2u-client-shutdown "kernel client SHUTDOWN_COMP, usrsctp SHUTDOWN_EVENT" \
    eval 'has "$S/k2u-echo.sec" "state=SHUTDOWN_COMP" && has "$T/usrv_echo.out" "^event=shutdown-event"'
check k2u-refused "INIT to a port without listener: usrsctp ABORT -> ECONNREFUSED" \
    eval 'has "$S/k2u-refused.sec" "^event=connect .*result=error errno=ECONNREFUSED" && has "$S/k2u-refused.sec" "^selftest=end .* rc=2"'
check k2u-init-timeout "INIT never answered, 2 attempts -> ETIMEDOUT" \
    eval 'has "$S/k2u-init-timeout.sec" "^event=connect .*result=error errno=ETIMEDOUT" && has "$S/k2u-init-timeout.sec" "^selftest=end .* rc=2"'
check k2u-client-abort "kernel ABORT -> usrsctp COMM_LOST" \
    eval 'has "$S/k2u-abort.sec" "^event=abort-sent .*result=ok" && wait_for "$T/usrv_echo.out" "^event=assoc-change .*state=COMM_LOST .*abort_cause=12" 5'
upeer_stop usrv_echo

# ================================================================
# U2: usrsctp sink-digest server: bulk and failover, kernel sending.
# ================================================================
cat > "$T/u2-guest.sh" <<EOF
#!/bin/bash
run() { local name=\$1; shift; echo "selftest=begin \$name"; "$KPEER" "\$@"; echo "selftest=end \$name rc=\$?"; }
run k2u-bulk client --port 6002 $H4_0 --send-bytes $BULK --msg-size 1400 --quiet --timeout 200
# Wait for the host to say the next server is listening.
until [ -e "$T/u2.next" ]; do sleep 0.1; done
run k2u-failover client --port 6002 --bind $G4_0 --bind $G4_1 $H4_0 $H4_1 --send-bytes 30M --msg-size 1400 --quiet ${FAST[*]} --timeout 200
EOF
chmod +x "$T/u2-guest.sh"
rm -f "$T/u2.gate" "$T/u2.next"
start_uml U2 --start-gate "$T/u2.gate" -- "$T/u2-guest.sh" || exit 1
upeer_bg usrv_sink server --port 6002 --bind "$H4_0" --bind "$H4_1" --mode sink-digest --once "${FAST[@]}" --timeout 300
wait_for "$T/usrv_sink.out" '^event=listening' 10 || fail usrsctp-listen "see $T/usrv_sink.out"
touch "$T/u2.gate"
wait_for "$T/U2.out" '^selftest=end k2u-bulk' 240
wait "$UP_usrv_sink" 2>/dev/null; UP_usrv_sink=""
split_sections "$T/U2.out"
s_sent=$(kv "$T/k2u-bulk.sec" send-done sha256)
s_recv=$(kv "$T/usrv_sink.out" recv-summary sha256); mb=$(kv "$T/usrv_sink.out" recv-summary mbit_s)
check k2u-bulk "$BULK kernel->usrsctp, $(kv "$T/usrv_sink.out" recv-summary bytes) bytes, digest ${s_recv:0:16}..., $mb Mbit/s" \
    eval 'has "$T/k2u-bulk.sec" "^selftest=end k2u-bulk rc=0" && same_digest "$s_sent" "$s_recv"'

upeer_bg usrv_fo server --port 6002 --bind "$H4_0" --bind "$H4_1" --mode sink-digest --once "${FAST[@]}" --timeout 300
wait_for "$T/usrv_fo.out" '^event=listening' 10 || fail usrsctp-listen "see $T/usrv_fo.out"
touch "$T/u2.next"
wait_for "$T/U2.out" '^selftest=begin k2u-failover' 60
wait_for "$T/U2.out" '^event=assoc-change .*COMM_UP' 30 "$(awk '/^selftest=begin k2u-failover/ {print NR; exit}' "$T/U2.out")"
sleep 1
cut_path0 || fail k2u-failover-cut "nft failed"
wait_uml U2 240 || fail U2-end "guest did not finish"
restore_path0
wait "$UP_usrv_fo" 2>/dev/null; UP_usrv_fo=""
split_sections "$T/U2.out"
FO=$T/k2u-failover.sec
s_sent=$(kv "$FO" send-done sha256)
s_recv=$(kv "$T/usrv_fo.out" recv-summary sha256)
check k2u-failover "path 0 cut mid-transfer: kernel saw $H4_0 unreachable, 30M delivered, digests equal" \
    eval 'has "$FO" "^selftest=end k2u-failover rc=0" && has "$FO" "^event=peer-addr-change .*addr=$H4_0 state=ADDR_UNREACHABLE" && same_digest "$s_sent" "$s_recv"'

t_up=$(first_t "$FO" '^event=assoc-change .*COMM_UP')
t_unr=$(first_t "$FO" '^event=peer-addr-change .*ADDR_UNREACHABLE')
[ -n "$t_up" ] && [ -n "$t_unr" ] &&
    info "k2u failover: kernel declared $H4_0 unreachable $(ms_between 0 "$(awk -v a="$t_up" -v b="$t_unr" 'BEGIN {print b - a}')") ms after COMM_UP; the cut came about 1000 ms after COMM_UP"

# ================================================================
# K5: one-to-many (SOCK_SEQPACKET) kernel server; after 3 messages it
# shuts an association down itself (SCTP_EOF on the shared socket).
# ================================================================
start_uml K5 -- "$KPEER" server --style seqpacket --port 5005 --bind "$G4_0" --bind "$G4_1" --mode echo \
    --shutdown-after-msgs 3 --timeout 200 || exit 1
wait_for "$T/K5.out" '^uml=ready' 60 || fail K5-boot "see $T/K5.out"
upeer u2k-seq-echo client --style seqpacket --port 5005 "$G4_0" --streams 2 --send s1 --send s2 --expect-echo --timeout 30
rc=$?
check u2k-one-to-many-echo "usrsctp one-to-many client, kernel one-to-many server (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/u2k-seq-echo.out" "^event=echo-check .*result=ok" && has "$T/u2k-seq-echo.out" "state=SHUTDOWN_COMP"'
upeer u2k-seq-srvshut client --port 5005 "$G4_0" --send a --send b --send c --wait-close --timeout 30
rc=$?
check k-one-to-many-shutdown "kernel SCTP_EOF on a one-to-many socket -> usrsctp SHUTDOWN_COMP (rc=$rc)" \
    eval '[ $rc = 0 ] && has "$T/u2k-seq-srvshut.out" "^event=shutdown-event" && has "$T/u2k-seq-srvshut.out" "state=SHUTDOWN_COMP" && wait_for "$T/K5.out" "^event=shutdown-sent .*result=ok" 5'
stop_uml K5

# ================================================================
# U3: usrsctp one-to-many server with two kernel associations at once;
# then usrsctp ends associations itself: ABORT on the one-to-many socket
# after 10 messages in an association, and SHUTDOWN on a one-to-one one.
# ================================================================
cat > "$T/u3-guest.sh" <<EOF
#!/bin/bash
# Each client's output goes to its own file: the two concurrent ones
# would interleave on the console.
run() { local name=\$1; shift; "$KPEER" "\$@" > "$T/\$name.sec"; echo "selftest=end \$name rc=\$?" >> "$T/\$name.sec"; }
run k2u-seq-a client --port 6003 $H4_0 --send a1 --send a2 --send a3 --send-bytes 20000 --msg-size 4000 --expect-echo --linger-ms 500 --timeout 30 &
run k2u-seq-b client --port 6003 $H4_1 --send b1 --send b2 --send-bytes 12000 --msg-size 3000 --expect-echo --linger-ms 500 --timeout 30 &
wait
run k2u-seq-abort client --port 6003 $H4_0 $(for i in $(seq 10); do printf -- '--send x%d ' "$i"; done) --wait-close --timeout 30
until [ -e "$T/u3.next" ]; do sleep 0.1; done
run k2u-srvshut client --port 6003 $H4_0 --send one --send two --wait-close --timeout 30
EOF
chmod +x "$T/u3-guest.sh"
rm -f "$T/u3.gate" "$T/u3.next"
start_uml U3 --start-gate "$T/u3.gate" -- "$T/u3-guest.sh" || exit 1
upeer_bg usrv_seq server --style seqpacket --port 6003 --bind "$H4_0" --bind "$H4_1" --mode echo --abort-after-msgs 10 --timeout 300
wait_for "$T/usrv_seq.out" '^event=listening' 10 || fail usrsctp-listen "see $T/usrv_seq.out"
touch "$T/u3.gate"
wait_for "$T/k2u-seq-abort.sec" '^selftest=end' 120
upeer_stop usrv_seq
upeer_bg usrv_shut server --port 6003 --bind "$H4_0" --bind "$H4_1" --mode echo --shutdown-after-msgs 2 --once --timeout 300
wait_for "$T/usrv_shut.out" '^event=listening' 10 || fail usrsctp-listen "see $T/usrv_shut.out"
touch "$T/u3.next"
wait_uml U3 120 || fail U3-end "guest did not finish"
wait "$UP_usrv_shut" 2>/dev/null; UP_usrv_shut=""
# Both associations were up at the same time: each client lingers 500 ms
# after its echo, so the second COMM_UP comes before the first ends.
check k2u-one-to-many-concurrent "two kernel associations at once on one usrsctp one-to-many socket" \
    eval 'has "$T/k2u-seq-a.sec" "^selftest=end .* rc=0" && has "$T/k2u-seq-b.sec" "^selftest=end .* rc=0" && has "$T/k2u-seq-a.sec" "^event=echo-check .*result=ok" && has "$T/k2u-seq-b.sec" "^event=echo-check .*result=ok" && awk "/COMM_UP/ {up++; if (up > max) max = up} /state=(SHUTDOWN_COMP|COMM_LOST)/ {up--} END {exit max < 2}" "$T/usrv_seq.out"'
# Exit status 4: association lost without this side aborting.
check u-one-to-many-abort "usrsctp SCTP_ABORT on a one-to-many socket -> kernel COMM_LOST" \
    eval 'has "$T/k2u-seq-abort.sec" "^event=assoc-change .*state=COMM_LOST .*abort_cause=12 abort_reason=jsp-test-abort" && has "$T/k2u-seq-abort.sec" "^selftest=end .* rc=4" && has "$T/usrv_seq.out" "^event=abort-sent .*result=ok"'
check u-server-shutdown "usrsctp SHUTDOWN on a one-to-one socket -> kernel SHUTDOWN_EVENT, clean end" \
    eval 'has "$T/k2u-srvshut.sec" "^selftest=end .* rc=0" && has "$T/k2u-srvshut.sec" "^event=shutdown-event" && has "$T/usrv_shut.out" "^event=shutdown-sent .*result=ok"'

# ================================================================
# The capture: every SCTP packet well-formed and with a good CRC32c.
# ================================================================
kill -TERM "$CAPTURE_PID" 2>/dev/null; wait "$CAPTURE_PID" 2>/dev/null; CAPTURE_PID=""
# Packets inside ICMP errors carry a truncated SCTP packet whose checksum
# cannot be verified; only SCTP packets of their own count.  Status 1 is
# "good"; a misspelt checksum preference would leave every status at 2
# ("unverified"), which this check therefore also catches.
tshark -r "$T/all.pcapng" -o 'sctp.checksum:CRC 32c' -Y 'sctp && !icmp && !icmpv6' \
    -T fields -e sctp.checksum.status -e _ws.malformed 2>/dev/null |
    awk -F'\t' '{n++; if ($1 == 1) good++; else bad++; if ($2 != "") mal++}
                END {printf "%d %d %d %d\n", n, good, bad, mal}' > "$T/tshark.sum"
read -r n_pkts n_good n_bad n_mal < "$T/tshark.sum"
n_mal_all=$(tshark -r "$T/all.pcapng" -Y '_ws.malformed' 2>/dev/null | wc -l)
check pcap-checksums "$n_pkts SCTP packets, $n_good with good CRC32c, $n_bad not good" \
    eval '[ "$n_pkts" -gt 0 ] && [ "$n_good" = "$n_pkts" ]'
check pcap-well-formed "$n_mal SCTP and $n_mal_all overall packets flagged malformed" \
    eval '[ "$n_mal" = 0 ] && [ "$n_mal_all" = 0 ]'

# What each stack announces in its INIT and INIT ACK: parameter types,
# then the chunk types of Supported Extensions (the Java stack must accept
# the ones it does not implement).  The INIT of each side is found by port,
# not by address: usrsctp may send it from its other address.
init_info() {
    tshark -r "$T/all.pcapng" -Y "$1" -T fields -e sctp.parameter_type -e sctp.supported_chunk_type 2>/dev/null |
        awk -F'\t' 'NR == 1 {print "params=" $1 " extensions=" ($2 == "" ? "-" : $2)}'
}
info "usrsctp INIT:     $(init_info 'sctp.chunk_type == 1 && sctp.dstport == 5001 && ip')"
info "kernel INIT ACK:  $(init_info 'sctp.chunk_type == 2 && sctp.srcport == 5001 && ip')"
info "kernel INIT:      $(init_info 'sctp.chunk_type == 1 && sctp.dstport == 6001 && ip')"
info "usrsctp INIT ACK: $(init_info 'sctp.chunk_type == 2 && sctp.srcport == 6001 && ip')"
info "boot to ready (ms): K1=$(boot_ms K1) K2=$(boot_ms K2) K3=$(boot_ms K3) K4=$(boot_ms K4) K5=$(boot_ms K5) U1=$(boot_ms U1) U2=$(boot_ms U2) U3=$(boot_ms U3)"

echo "SUMMARY $((CHECKS - FAILS))/$CHECKS checks passed"
[ "$FAILS" = 0 ]

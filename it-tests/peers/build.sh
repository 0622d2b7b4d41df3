#!/bin/bash
# Builds the two SCTP test peers into target/ (or $JSP_PEERS_OUT):
#   kpeer  Linux kernel SCTP via libsctp; runs inside User-Mode Linux
#   upeer  usrsctp in raw-IP mode; runs in a network namespace on the host
# Both come from the same shared code (src/peer_main.c) so they accept the
# same command line and print the same lines.  Rebuilds only when a source
# is newer than the binary.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JSP_PROG=build.sh
. "$HERE/lib.sh"

jsp_ensure_packages gcc libc6-dev libsctp-dev libusrsctp-dev

OUT=${JSP_PEERS_OUT:-$HERE/target}
mkdir -p "$OUT"
SRC=$HERE/src
CFLAGS=(-O2 -g -std=gnu11 -Wall -Wextra -Werror -pthread -I"$SRC")
COMMON=("$SRC/peer_main.c" "$SRC/sha256.c")

# needs_build BINARY SOURCES...: true if the binary is missing or older than a source.
needs_build() {
    local bin=$1 f; shift
    [ -x "$bin" ] || return 0
    for f in "$@" "$SRC/peer.h" "$SRC/sha256.h"; do [ "$f" -nt "$bin" ] && return 0; done
    return 1
}

if needs_build "$OUT/kpeer" "${COMMON[@]}" "$SRC/kpeer.c"; then
    gcc "${CFLAGS[@]}" -o "$OUT/kpeer" "${COMMON[@]}" "$SRC/kpeer.c" -lsctp
    jsp_log "built $OUT/kpeer"
fi
# usrsctp has no run-time version call; record the package version at build time.
USRSCTP_VERSION=$(dpkg-query -W -f='${Version}' libusrsctp-dev)
if needs_build "$OUT/upeer" "${COMMON[@]}" "$SRC/upeer.c"; then
    gcc "${CFLAGS[@]}" -DUSRSCTP_VERSION="\"$USRSCTP_VERSION\"" -o "$OUT/upeer" "${COMMON[@]}" "$SRC/upeer.c" -lusrsctp
    jsp_log "built $OUT/upeer"
fi

#!/usr/bin/env bash
# Runs every test of jsctp on a fresh Debian machine: installs what the tests need when it is
# missing (Debian packages, the Docker engine, the project's container images, the C test peers),
# then builds and runs the unit tests, the network-namespace tests, the container tests and the
# interoperability tests against the Linux kernel's SCTP (User-Mode Linux) and usrsctp.
#
# This is the README's test command; .ci/run calls it. It needs root: raw sockets need CAP_NET_RAW,
# and the tests create network namespaces and firewall rules of their own.
#
# Environment:
#   JSCTP_TEST_GROUPS   JUnit tag expression for it-tests (default: all groups)
#   JSCTP_SKIP_DOCKER=1 do not install or start Docker (the container tests then skip, saying why)
#   MAVEN_ARGS          extra Maven arguments
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log() { printf '\n==> %s\n' "$*" >&2; }
started=$(date +%s)

if [ "$(id -u)" -ne 0 ]; then
    echo "test-all: run as root (raw sockets need CAP_NET_RAW; the tests create network namespaces)" >&2
    exit 2
fi

# ---- Debian packages -------------------------------------------------------------------------
# nftables: loss and dead paths in namespace tests; tshark: capture checks; iproute2: namespaces;
# the peers: usrsctp examples and library, lksctp-tools and libsctp, User-Mode Linux with kmod;
# gcc to build the C peers; python3-scapy for regenerating golden packets.
packages=(maven iproute2 nftables tshark kmod gcc libc6-dev libsctp-dev lksctp-tools libusrsctp-dev
          libusrsctp-examples user-mode-linux python3-scapy procps)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt=(apt-get -o DPkg::Lock::Timeout=300 -y --no-install-recommends)
    if ! "${apt[@]}" install "${missing[@]}"; then
        # The package lists may be stale, and a third-party source may be broken: refresh what works.
        apt-get -o DPkg::Lock::Timeout=300 update || log "apt-get update reported errors; installing anyway"
        "${apt[@]}" install "${missing[@]}"
    fi
fi

# ---- Docker engine and images ----------------------------------------------------------------
docker_started=0
cleanup() {
    if [ "$docker_started" = 1 ]; then
        "$root/scripts/stop-docker.sh" || true
    fi
}
trap cleanup EXIT
if [ "${JSCTP_SKIP_DOCKER:-0}" != 1 ]; then
    log "making sure a Docker engine runs and the images exist"
    rc=0; "$root/scripts/ensure-docker.sh" || rc=$?
    if [ "$rc" -eq 0 ]; then
        docker_started=1   # stop-docker.sh only stops a dockerd that ensure-docker started
        mvn -q -B package -pl sctp-raw -am -DskipTests -Dfuzz.skip=true ${MAVEN_ARGS:-}
        rc=0; "$root/docker/build-images.sh" || rc=$?
        [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
    elif [ "$rc" -ne 3 ]; then
        exit "$rc"   # 3: no Docker here; the container tests report themselves skipped with the reason
    fi
fi

# ---- C test peers ----------------------------------------------------------------------------
log "building the C test peers (kernel SCTP and usrsctp)"
"$root/it-tests/peers/build.sh"

# ---- Every test ------------------------------------------------------------------------------
log "running every test"
groups_arg=()
if [ -n "${JSCTP_TEST_GROUPS:-}" ]; then
    groups_arg=("-Dit.groups=$JSCTP_TEST_GROUPS")
fi
mvn -B verify "${groups_arg[@]}" ${MAVEN_ARGS:-}

log "all tests passed in $(( $(date +%s) - started )) s"

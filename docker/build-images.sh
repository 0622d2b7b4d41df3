#!/usr/bin/env bash
# Build jsctp's container images from nothing but the Debian mirror that the
# host's apt uses and the project's own jar. No container registry is needed
# (none is reachable on the project's machines), so even the base image is
# made here, with debootstrap.
#
#   jsctp-debian:bookworm  minbase root file system from debootstrap
#   jsctp-base:latest      + headless JRE 17, iproute2, nftables, tcpdump, procps
#   jsctp:latest           + /opt/jsctp/jsctp.jar and the `jsctp` entrypoint
#
# Each image is reused while its inputs are unchanged, so a repeated run takes
# seconds: the Debian image while it exists (its root file system tarball is
# also cached, to survive a `docker image prune -a`), the base image while its
# label matches a hash of its Dockerfile, arguments and parent, the jsctp image
# likewise with the jar's hash. The jar is rebuilt with Maven when it is
# missing or older than any source or pom.
#
# Usage: docker/build-images.sh [--fresh] [--no-jar-build]
#   --fresh         forget the cached root file system and our three images
#                   and build everything from scratch (proves a new machine works)
#   --no-jar-build  use sctp-raw/target/jsctp.jar as it is, never run Maven
#
# Exit codes: 0 images ready; 3 no Docker engine can be had here (from
# scripts/ensure-docker.sh: callers report container tests as skipped);
# anything else is a failure.
#
# Tunables (environment):
#   JSCTP_DEBIAN_MIRROR, JSCTP_DEBIAN_SECURITY_MIRROR  override the mirrors
#   JSCTP_DOCKER_CACHE  cache directory (default ~/.cache/jsctp-docker)

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=bookworm
debian_image=jsctp-debian:$suite
base_image=jsctp-base:latest
jsctp_image=jsctp:latest
jar="$repo/sctp-raw/target/jsctp.jar"
cache=${JSCTP_DOCKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jsctp-docker}
rootfs_tar="$cache/debian-$suite-minbase-$(dpkg --print-architecture 2>/dev/null || echo amd64).tar.gz"
# Images are labelled with the hash of what went into them (see recipe_hash).
recipe_label=io.jsctp.recipe

fresh=0
jar_build=1
for arg in "$@"; do
    case "$arg" in
        --fresh) fresh=1 ;;
        --no-jar-build) jar_build=0 ;;
        -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        *) echo "build-images: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

# The Docker CLI on these machines may be newer than the engine and default
# to BuildKit, which needs the buildx plugin that is not installed. The
# classic builder does everything these Dockerfiles need.
export DOCKER_BUILDKIT=0

log() { printf 'build-images: %s\n' "$*" >&2; }

# --- timing -----------------------------------------------------------------
# Every step is timed and a summary printed at the end, so that a slow mirror
# or a lost cache is visible at a glance.
timings=()
now() { date +%s.%N; }
script_start=$(now)
step_start=""
begin() { step_start=$(now); log "[$1] ..."; }
end() {
    local secs
    secs=$(awk -v a="$step_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
    timings+=("$(printf '%-34s %7ss  %s' "$1" "$secs" "$2")")
    log "[$1] $2 in ${secs}s"
}
summary() {
    local total
    total=$(awk -v a="$script_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
    printf '\nbuild-images: step timings\n' >&2
    printf '  %s\n' "${timings[@]}" >&2
    printf '  %-34s %7ss\n' "total" "$total" >&2
}

# --- 0. an engine -------------------------------------------------------------
begin "docker engine"
set +e
"$repo/scripts/ensure-docker.sh"
rc=$?
set -e
if [ $rc -ne 0 ]; then
    log "no Docker engine (ensure-docker.sh exit $rc); no images built"
    exit $rc
fi
end "docker engine" "ready"

mkdir -p "$cache"
# One build at a time per machine: two at once would race on the same tags.
exec 8>"$cache/build.lock"
flock -w 1200 8 || { log "another build-images.sh holds $cache/build.lock"; exit 1; }

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
image_label() {
    docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}
# After a rebuild the previous image is left untagged; remove it unless a
# container still uses it, so that rebuilds do not fill the disk.
drop_if_dangling() {
    local old=$1 new
    new=$2
    if [ -n "$old" ] && [ "$old" != "$new" ]; then
        docker rmi "$old" >/dev/null 2>&1 || true
    fi
}
recipe_hash() { cat "$@" | sha256sum | cut -c1-16; }

if [ "$fresh" = 1 ]; then
    begin "forget caches (--fresh)"
    # Only our own images and cache; remove children before parents.
    for img in "$jsctp_image" "$base_image" "$debian_image"; do
        if [ -n "$(image_id "$img")" ]; then
            docker rmi "$img" >/dev/null || { log "cannot remove $img (a container still uses it?)"; exit 1; }
        fi
    done
    rm -f "$rootfs_tar"
    end "forget caches (--fresh)" "removed images and $rootfs_tar"
fi

# --- 1. which Debian mirror ---------------------------------------------------
# The images must come from the mirror the host's apt already reaches: on the
# project's machines that is the only way out. Read every enabled apt source,
# in both formats, and print "URI SUITE" pairs for binary (deb) entries.
apt_sources() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        # One-line format: deb [options] URI SUITE COMPONENT...
        # The options in brackets may span several words.
        sed -e 's/#.*//' "$f" | awk '
            $1 == "deb" {
                i = 2
                if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if (i + 1 <= NF) print $i, $(i + 1)
            }'
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822 format: stanzas of "Field: value" separated by blank lines;
        # a line starting with blanks continues the previous field.
        awk '
            function flush(   n, m, i, j, U, S) {
                if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
                    n = split(uris, U, /[ \t]+/); m = split(suites, S, /[ \t]+/)
                    for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
                        if (U[i] != "" && S[j] != "") print U[i], S[j]
                }
                types = ""; uris = ""; suites = ""; enabled = ""; field = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]/ {
                if (field == "types") types = types " " $0
                else if (field == "uris") uris = uris " " $0
                else if (field == "suites") suites = suites " " $0
                next
            }
            {
                key = tolower($0); sub(/:.*/, "", key)
                val = $0; sub(/^[^:]*:[ \t]*/, "", val)
                field = key
                if (key == "types") types = val
                else if (key == "uris") uris = val
                else if (key == "suites") suites = val
                else if (key == "enabled") enabled = val
            }
            END { flush() }' "$f"
    done
}

# First http(s) URI serving the given suite, without a trailing slash.
uri_for_suite() {
    apt_sources | awk -v s="$1" '$2 == s && $1 ~ /^https?:\/\// { sub(/\/+$/, "", $1); print $1; exit }'
}

begin "find Debian mirror"
host_codename=$( (. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || true)
mirror=${JSCTP_DEBIAN_MIRROR:-$(uri_for_suite "$suite")}
# A host on another Debian release still has a Debian mirror, which serves
# bookworm as well.
if [ -z "$mirror" ] && [ -n "$host_codename" ]; then mirror=$(uri_for_suite "$host_codename"); fi
mirror=${mirror:-http://deb.debian.org/debian}
security_mirror=${JSCTP_DEBIAN_SECURITY_MIRROR:-$(uri_for_suite "$suite-security")}
if [ -z "$security_mirror" ] && [ -n "$host_codename" ]; then
    security_mirror=$(uri_for_suite "$host_codename-security")
fi
security_mirror=${security_mirror:-http://deb.debian.org/debian-security}
# An apt proxy on the host must be used by the builds too.
apt_proxy=$(apt-config dump 2>/dev/null | awk -F'"' '/^Acquire::http::Proxy /{ print $2; exit }' || true)
end "find Debian mirror" "$mirror, $security_mirror${apt_proxy:+ via $apt_proxy}"

# --- 2. jsctp-debian:bookworm from debootstrap ---------------------------------
make_rootfs_tar() {
    command -v debootstrap >/dev/null || { log "debootstrap is missing (scripts/ensure-docker.sh installs it)"; exit 1; }
    local dir include=()
    dir=$(mktemp -d "$cache/rootfs.XXXXXX")
    # debootstrap mounts /proc and /sys inside the target while it works; if
    # it is interrupted they stay mounted. Unmount before deleting, and never
    # let rm cross into another file system.
    cleanup_rootfs() {
        umount -l "$dir/proc" "$dir/sys" 2>/dev/null || true
        rm -rf --one-file-system "$dir"
    }
    trap cleanup_rootfs EXIT
    # Inside the image apt can only fetch from an https mirror with CA
    # certificates; minbase has none.
    case "$mirror" in https://*) include=(--include=ca-certificates) ;; esac
    http_proxy=${apt_proxy:-${http_proxy:-}} debootstrap --variant=minbase --components=main \
        --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
        "${include[@]}" "$suite" "$dir" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
        log "debootstrap failed; last lines of $cache/debootstrap.log:"
        tail -n 20 "$cache/debootstrap.log" >&2
        exit 1
    }
    # What the host put there or the bootstrap left behind does not belong in
    # an image: downloaded .debs, package lists (stale by the time anyone
    # uses them), logs, the host's resolver and name (Docker provides its
    # own at run time), and a machine id that every container would share.
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* \
           "$dir"/var/log/bootstrap.log "$dir"/var/cache/apt/*.bin
    : >"$dir/etc/resolv.conf"
    : >"$dir/etc/hostname"
    : >"$dir/etc/machine-id"
    # Write beside the final name and rename, so an interrupted run never
    # leaves a truncated tarball that later runs would trust.
    tar --numeric-owner --xattrs -C "$dir" -czf "$rootfs_tar.part" .
    mv "$rootfs_tar.part" "$rootfs_tar"
    cleanup_rootfs
    trap - EXIT
}

if [ -n "$(image_id "$debian_image")" ]; then
    timings+=("$(printf '%-34s %7s   %s' "$debian_image" "-" "reused")")
    log "[$debian_image] reused"
else
    if [ ! -s "$rootfs_tar" ]; then
        begin "debootstrap $suite minbase"
        make_rootfs_tar
        end "debootstrap $suite minbase" "$(du -h "$rootfs_tar" | cut -f1) in $rootfs_tar"
    fi
    begin "import $debian_image"
    docker import \
        --change 'CMD ["/bin/bash"]' \
        --change "LABEL org.opencontainers.image.title=jsctp-debian org.opencontainers.image.description=\"Debian $suite minbase from debootstrap\"" \
        --message "debootstrap --variant=minbase $suite" \
        "$rootfs_tar" "$debian_image" >/dev/null
    end "import $debian_image" "from $(basename "$rootfs_tar")"
fi

# --- 3. jsctp-base:latest -------------------------------------------------------
# The recipe covers the Dockerfile, the mirrors it is given and the exact
# parent image: a change to any of them rebuilds, nothing else does. The
# proxy is left out on purpose: it changes the route, not the result.
base_recipe=$(recipe_hash "$repo/docker/base/Dockerfile" <(printf '%s\n' "$suite" "$mirror" "$security_mirror" "$(image_id "$debian_image")"))
if [ "$(image_label "$base_image" "$recipe_label")" = "$base_recipe" ]; then
    timings+=("$(printf '%-34s %7s   %s' "$base_image" "-" "reused (recipe $base_recipe)")")
    log "[$base_image] reused"
else
    begin "build $base_image"
    old=$(image_id "$base_image")
    # --network host: apt in the build reaches the mirror exactly as the host
    # does (same resolver, same routes), without depending on the bridge's NAT.
    docker build --network host --pull=false \
        --build-arg DEBIAN_SUITE="$suite" \
        --build-arg DEBIAN_MIRROR="$mirror" \
        --build-arg DEBIAN_SECURITY_MIRROR="$security_mirror" \
        --build-arg APT_PROXY="$apt_proxy" \
        --label "$recipe_label=$base_recipe" \
        -t "$base_image" "$repo/docker/base" >"$cache/build-base.log" 2>&1 || {
        log "building $base_image failed; last lines of $cache/build-base.log:"
        tail -n 30 "$cache/build-base.log" >&2
        exit 1
    }
    drop_if_dangling "$old" "$(image_id "$base_image")"
    end "build $base_image" "$(docker image inspect --format '{{.Size}}' "$base_image" | awk '{ printf "%d MB", $1 / 1e6 }')"
fi

# --- 4. the jar -----------------------------------------------------------------
# Rebuild when the jar is missing or any pom or source file is newer than it.
jar_stale() {
    [ -f "$jar" ] || return 0
    [ -n "$(find "$repo/pom.xml" "$repo/sctp-core" "$repo/sctp-raw" \
              -path '*/target' -prune -o -type f -newer "$jar" -print -quit 2>/dev/null)" ]
}
if jar_stale; then
    if [ "$jar_build" = 0 ]; then
        [ -f "$jar" ] || { log "$jar is missing and --no-jar-build was given"; exit 1; }
        log "[jar] older than its sources, used anyway (--no-jar-build)"
    else
        command -v mvn >/dev/null || { log "mvn is not installed; cannot build $jar"; exit 1; }
        begin "maven package sctp-raw"
        (cd "$repo" && mvn -q -B -Dstyle.color=never -DskipTests package -pl sctp-raw -am)
        [ -f "$jar" ] || { log "Maven finished but $jar does not exist"; exit 1; }
        end "maven package sctp-raw" "$(du -h "$jar" | cut -f1) jar"
    fi
else
    timings+=("$(printf '%-34s %7s   %s' "jar" "-" "up to date")")
    log "[jar] up to date"
fi

# --- 5. jsctp:latest --------------------------------------------------------------
jsctp_recipe=$(recipe_hash "$repo/docker/jsctp/Dockerfile" "$repo/docker/jsctp/jsctp" "$jar" \
                           <(image_id "$base_image"))
if [ "$(image_label "$jsctp_image" "$recipe_label")" = "$jsctp_recipe" ]; then
    timings+=("$(printf '%-34s %7s   %s' "$jsctp_image" "-" "reused (recipe $jsctp_recipe)")")
    log "[$jsctp_image] reused"
else
    begin "build $jsctp_image"
    # A context of three files: sending the work tree (with target/ and .git)
    # to the daemon would cost more than the build itself.
    ctx=$(mktemp -d "$cache/context.XXXXXX")
    cp "$repo/docker/jsctp/Dockerfile" "$repo/docker/jsctp/jsctp" "$ctx/"
    cp "$jar" "$ctx/jsctp.jar"
    old=$(image_id "$jsctp_image")
    if ! docker build --pull=false --label "$recipe_label=$jsctp_recipe" \
            -t "$jsctp_image" "$ctx" >"$cache/build-jsctp.log" 2>&1; then
        rm -rf "$ctx"
        log "building $jsctp_image failed; last lines of $cache/build-jsctp.log:"
        tail -n 30 "$cache/build-jsctp.log" >&2
        exit 1
    fi
    rm -rf "$ctx"
    drop_if_dangling "$old" "$(image_id "$jsctp_image")"
    end "build $jsctp_image" "$(docker image inspect --format '{{.Size}}' "$jsctp_image" | awk '{ printf "%d MB", $1 / 1e6 }')"
fi

# --- 6. does it run? ----------------------------------------------------------------
# A cheap end-to-end check with the least capabilities the image is meant
# for: the entrypoint starts the JVM on the jar and exits 0.
begin "smoke test $jsctp_image"
if ! out=$(docker run --rm --network none --cap-drop ALL --cap-add NET_RAW "$jsctp_image" --help 2>&1); then
    log "smoke test failed: docker run $jsctp_image --help said:"
    printf '%s\n' "$out" >&2
    exit 1
fi
end "smoke test $jsctp_image" "$(printf '%s' "$out" | head -n 1)"

summary
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.ID}}  {{.Size}}' | grep -E '^  jsctp(-base|-debian)?:' >&2 || true

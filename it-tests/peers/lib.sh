# Shared shell helpers for the peer scripts; sourced, not run.
#
# The scripts must work on a fresh CI machine, so each one installs the
# Debian packages it needs when they are missing.  A third-party apt source
# that fails (expired key, unreachable host) must not stop that: apt-get
# update's exit status is ignored and the install itself is what counts.

jsp_log() { printf '%s: %s\n' "${JSP_PROG:-peers}" "$*" >&2; }
jsp_die() { jsp_log "error: $*"; exit 1; }

jsp_require_root() {
    [ "$(id -u)" = 0 ] || jsp_die "must run as root (network namespaces, tap devices, raw sockets)"
}

# True when the package is installed (not merely known or half-removed).
jsp_pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# jsp_ensure_packages PKG... : install the missing ones, non-interactively.
jsp_ensure_packages() {
    local missing=() p
    for p in "$@"; do jsp_pkg_installed "$p" || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    jsp_require_root
    jsp_log "installing ${missing[*]}"
    local apt=(apt-get -o DPkg::Lock::Timeout=300 -y --no-install-recommends)
    # First try without refreshing the lists (fast, works offline when the
    # lists are current); on failure refresh, tolerating broken sources.
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2; then
        apt-get -o DPkg::Lock::Timeout=300 update >&2 || jsp_log "apt-get update reported errors; trying the install anyway"
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2 ||
            jsp_die "could not install ${missing[*]}"
    fi
}

# Milliseconds on a monotonic-enough clock, for measuring boot and run times.
jsp_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

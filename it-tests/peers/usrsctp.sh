#!/bin/bash
# Runs a usrsctp peer in a network namespace.
#
# usage: usrsctp.sh [--netns NS] [--] server|client ARG...     (target/upeer)
#        usrsctp.sh [--netns NS] [--] EXAMPLE ARG...           (Debian's examples)
#   EXAMPLE is one of /usr/lib/usrsctp/* (echo_server, discard_server,
#   client, tsctp, ...); without encapsulation arguments they use raw IP.
#
# The script ends in exec, so its process id is the peer's: a test can
# stop the peer with SIGTERM on that id (upeer then shuts its associations
# down gracefully) and gets the peer's exit status.
#
# usrsctp opens raw sockets for IP protocol 132: it sees every SCTP packet
# of its namespace and answers packets of associations it does not know
# with ABORT.  Give it a namespace of its own -- never run two usrsctp
# peers, or usrsctp and jsctp, in one namespace -- and start it after the
# addresses it binds exist: usrsctp reads the interface addresses once,
# at start-up.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JSP_PROG=usrsctp.sh
. "$HERE/lib.sh"

NETNS=""
while [ $# -gt 0 ]; do
    case $1 in
        --netns) NETNS=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || jsp_die "nothing to run (see --help)"
jsp_require_root
jsp_ensure_packages iproute2 libusrsctp2

case $1 in
    server|client)
        "$HERE/build.sh" >&2 || jsp_die "building upeer failed"
        PROG=$HERE/target/upeer ;;
    *)
        jsp_ensure_packages libusrsctp-examples
        PROG=/usr/lib/usrsctp/$1
        [ -x "$PROG" ] || jsp_die "no usrsctp example '$1' in /usr/lib/usrsctp"
        shift ;;
esac
if [ -n "$NETNS" ]; then
    ip netns list | grep -qw -- "$NETNS" || jsp_die "no network namespace $NETNS"
    exec ip netns exec "$NETNS" "$PROG" "$@"
fi
exec "$PROG" "$@"

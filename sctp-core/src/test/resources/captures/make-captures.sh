#!/bin/sh
# Regenerates the capture files in this directory and expected.tsv, which CaptureReaderCapturesTest
# reads. The captures come from tools independent of jsctp: scapy writes pcap files, Wireshark's
# editcap and text2pcap convert and annotate them, and make_captures.py lays out the pcapng features
# no tool here writes; tshark then reads every file back and must agree with expected.tsv.
#
# Needs (Debian 12): python3-scapy, tshark (which brings editcap and text2pcap).
# Usage: sctp-core/src/test/resources/captures/make-captures.sh
set -eu
cd "$(dirname "$0")"
for tool in /usr/bin/python3 editcap text2pcap tshark; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: apt-get install python3-scapy tshark" >&2; exit 1; }
done
/usr/bin/python3 -c 'import scapy' 2>/dev/null || { echo "missing scapy: apt-get install python3-scapy" >&2; exit 1; }
exec /usr/bin/python3 make_captures.py

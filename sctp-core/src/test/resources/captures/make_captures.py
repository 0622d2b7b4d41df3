#!/usr/bin/python3
"""Makes the capture files in this directory with tools that owe nothing to jsctp.

Run through make-captures.sh. Packets are built and written by scapy (pcap, several link types,
both byte orders, micro- and nanosecond magic); Wireshark's editcap and text2pcap convert and
annotate them (pcapng, nanosecond pcap, snapshot-length cuts, comments, direction flags); a few
pcapng features no tool here writes (big-endian sections, power-of-2 and picosecond timestamp
resolutions, if_tsoffset, Simple and obsolete Packet Blocks, blocks a reader must skip) are laid
out byte by byte with struct, following draft-ietf-opsawg-pcapng.

expected.tsv records, per frame, what a reader must find: written here from what this script
put in, then checked against tshark's reading of every file before the script succeeds.
"""

import gzip
import logging
import os
import struct
import subprocess
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import (  # noqa: E402
    ARP, IP, IPOption_Router_Alert, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
    IPv6ExtHdrRouting, SCTP, SCTPChunkCookieAck, SCTPChunkCookieEcho, SCTPChunkData, SCTPChunkHeartbeatReq,
    SCTPChunkInit, SCTPChunkInitAck, SCTPChunkParamHeartbeatInfo, SCTPChunkParamStateCookie, SCTPChunkSACK,
    CookedLinux, CookedLinuxV2, Dot1AD, Dot1Q, Ether, Raw, RawPcapWriter, RouterAlert)

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1_700_000_000  # 2023-11-14T22:13:20Z
A4, B4 = "10.0.0.1", "10.0.0.2"
A6, B6 = "2001:db8::1", "2001:db8::2"
MAC_A, MAC_B = "02:00:00:00:00:0a", "02:00:00:00:00:0b"

rows = []  # expected.tsv lines


# ------------------------------------------------------------------ packets

def ip_header(version, src, dst, **kw):
    if version == 4:
        return IP(src=src, dst=dst, flags="DF", ttl=64, id=0, **kw)
    return IPv6(src=src, dst=dst, hlim=64, **kw)


def association(version):
    """A handshake and one DATA/SACK exchange between A:5000 and B:6000."""
    a, b = (A4, B4) if version == 4 else (A6, B6)
    cookie = SCTPChunkParamStateCookie(cookie=b"C" * 32)
    return [
        ip_header(version, a, b) / SCTP(sport=5000, dport=6000, tag=0)
        / SCTPChunkInit(init_tag=0x11111111, a_rwnd=65536, n_out_streams=10, n_in_streams=10, init_tsn=1000),
        ip_header(version, b, a) / SCTP(sport=6000, dport=5000, tag=0x11111111)
        / SCTPChunkInitAck(init_tag=0x22222222, a_rwnd=65536, n_out_streams=10, n_in_streams=10, init_tsn=5000,
                           params=[cookie]),
        ip_header(version, a, b) / SCTP(sport=5000, dport=6000, tag=0x22222222) / SCTPChunkCookieEcho(cookie=b"C" * 32),
        ip_header(version, b, a) / SCTP(sport=6000, dport=5000, tag=0x11111111) / SCTPChunkCookieAck(),
        ip_header(version, a, b) / SCTP(sport=5000, dport=6000, tag=0x22222222)
        / SCTPChunkData(tsn=1000, stream_id=0, stream_seq=0, proto_id=0, data=b"hello, jsctp"),
        ip_header(version, b, a) / SCTP(sport=6000, dport=5000, tag=0x11111111)
        / SCTPChunkSACK(cumul_tsn_ack=1000, a_rwnd=65536),
    ]


def heartbeat(version, src, dst, **kw):
    return ip_header(version, src, dst, **kw) / SCTP(sport=5000, dport=6000, tag=0x22222222) / SCTPChunkHeartbeatReq(
        params=[SCTPChunkParamHeartbeatInfo(data=b"H" * 8)])


class Expect:
    """What a reader must find in one frame."""

    def __init__(self, data, ip=None, time_ns=None, direction="UNKNOWN", comments=(), orig_len=None, kind=None,
                 sctp=None):
        self.data = bytes(data)
        self.time_ns = time_ns
        self.direction = direction
        self.comments = list(comments)
        self.orig_len = len(self.data) if orig_len is None else orig_len
        if ip is None:
            self.kind, self.src, self.dst, self.proto, self.payload, self.sctp = kind or "none", "-", "-", "-", b"", 0
            return
        ip = ip.__class__(bytes(ip))  # parse the built bytes back, so every field is what went out
        self.kind = kind or "ip"
        self.src, self.dst = ip.src, ip.dst
        self.payload, self.proto = upper_layer(ip)
        self.sctp = (1 if self.proto == 132 else 0) if sctp is None else sctp

    def cut(self, snap, kind=None):
        """The same frame with only the first snap bytes captured (editcap -s)."""
        e = Expect.__new__(Expect)
        e.__dict__.update(self.__dict__)
        e.data = self.data[:snap]
        if kind:
            e.kind = kind
        return e


def upper_layer(ip):
    """(payload bytes, protocol) as an IP parser must find them, worked out with scapy's dissection."""
    raw = bytes(ip)
    if isinstance(ip, IP):
        header = ip.ihl * 4
        return raw[header:ip.len], ip.proto
    end = 40 + ip.plen
    layer, offset, nh = ip.payload, 40, ip.nh
    while nh in (0, 43, 60, 44):
        length = len(bytes(layer)) - len(bytes(layer.payload))
        if nh == 44:
            nh_next = layer.nh
            offset += length
            if layer.offset != 0:
                return raw[offset:end], nh_next
            nh, layer = nh_next, layer.payload
            continue
        nh, layer, offset = layer.nh, layer.payload, offset + length
    return raw[offset:end], nh


def record(name, link_type, expects, iface_names=None):
    for number, e in enumerate(expects, start=1):
        iface = (iface_names or {}).get(number, "-")
        rows.append("\t".join(str(x) for x in [
            name, number, "-" if e.time_ns is None else e.time_ns, link_type if not isinstance(link_type, dict)
            else link_type[number], iface, e.direction, e.orig_len, len(e.data),
            "|".join(e.comments) if e.comments else "-", e.kind] + ([e.src, e.dst, e.proto, e.sctp, e.payload.hex()]
                                                                     if e.kind == "ip" else ["-"] * 5) + [

            1 if (e.kind == "ip" and len(e.data) < e.orig_len) else 0]))


def write_pcap(name, link_type, expects, endianness="<", nano=False):
    w = RawPcapWriter(os.path.join(HERE, name), linktype=link_type, endianness=endianness, nano=nano, snaplen=262144)
    w.write_header(None)  # write_packet() alone would leave out the file header
    for e in expects:
        unit = 1 if nano else 1000
        assert e.time_ns % unit == 0, "time not representable at this resolution"
        w.write_packet(e.data, sec=e.time_ns // 1_000_000_000, usec=(e.time_ns % 1_000_000_000) // unit,
                       wirelen=e.orig_len)
    w.close()
    record(name, link_type, expects)


def times(n, step_ns=1_234_000, base=T0 * 1_000_000_000):
    return [base + i * step_ns for i in range(n)]


def run(*args, **kw):
    subprocess.run(args, check=True, cwd=HERE, **kw)


# ------------------------------------------------------------------ scapy-written pcap files

def eth(pkt, src=MAC_A, dst=MAC_B):
    return Ether(src=src, dst=dst) / pkt


assoc4 = association(4)
assoc6 = association(6)

# Ethernet, little-endian, microseconds; frame 4 is ARP (no IP in it).
frames = [eth(p) for p in assoc4[:3]] + [Ether(src=MAC_A, dst="ff:ff:ff:ff:ff:ff") / ARP(psrc=A4, pdst=B4)] \
    + [eth(p) for p in assoc4[3:]]
ips = assoc4[:3] + [None] + assoc4[3:]
eth_ipv4 = [Expect(f, ip, t) for f, ip, t in zip(frames, ips, times(len(frames)))]
write_pcap("eth-ipv4.pcap", 1, eth_ipv4)

# Ethernet with VLAN tags and IPv6 extension headers, big-endian, microseconds.
init6 = assoc6[0]
chain = IPv6(src=A6, dst=B6, hlim=64) / IPv6ExtHdrHopByHop(options=[RouterAlert()]) \
    / IPv6ExtHdrRouting(addresses=["2001:db8::99"], segleft=0) / IPv6ExtHdrDestOpt() \
    / IPv6ExtHdrFragment(offset=0, m=0, id=0x1234) / init6[SCTP]
first_fragment = IPv6(src=A6, dst=B6, hlim=64) / IPv6ExtHdrFragment(offset=0, m=1, id=0x77, nh=132) \
    / Raw(bytes(assoc6[4][SCTP])[:24])
later_fragment = IPv6(src=A6, dst=B6, hlim=64) / IPv6ExtHdrFragment(offset=3, m=0, id=0x77, nh=132) \
    / Raw(bytes(assoc6[4][SCTP])[24:])
vlan_frames = [
    (Ether(src=MAC_A, dst=MAC_B) / Dot1AD(vlan=100) / Dot1Q(vlan=200) / chain, chain),
    (Ether(src=MAC_B, dst=MAC_A) / Dot1Q(vlan=7) / assoc6[1], assoc6[1]),
    (Ether(src=MAC_A, dst=MAC_B, type=0x8100) / Dot1Q(vlan=1, type=0x8100) / Dot1Q(vlan=2) / assoc6[2], assoc6[2]),
    (Ether(src=MAC_A, dst=MAC_B) / first_fragment, first_fragment),
    (Ether(src=MAC_A, dst=MAC_B) / later_fragment, later_fragment),
]
eth_vlan = [Expect(f, ip, t, sctp=0 if ip is later_fragment else None)
            for (f, ip), t in zip(vlan_frames, times(len(vlan_frames)))]
write_pcap("eth-vlan-ipv6-ext.pcap", 1, eth_vlan, endianness=">")

# Linux cooked v1: the packet type says which way (4 = sent by this host, 0 = to this host).
sll = []
for p, t in zip(assoc4, times(len(assoc4))):
    outgoing = p[IP].src == A4
    f = CookedLinux(pkttype=4 if outgoing else 0, lladdrtype=1, lladdrlen=6,
                    src=bytes.fromhex("02000000000a0000" if outgoing else "02000000000b0000"), proto=0x0800) / p
    sll.append(Expect(f, p, t, "OUTBOUND" if outgoing else "INBOUND"))
write_pcap("sll-ipv4.pcap", 113, sll)

# Linux cooked v2.
sll2 = []
for p, t in zip(assoc6, times(len(assoc6))):
    outgoing = p[IPv6].src == A6
    f = CookedLinuxV2(proto=0x86DD, ifindex=3, lladdrtype=1, pkttype=4 if outgoing else 0, lladdrlen=6,
                      src=bytes.fromhex("02000000000a0000")) / p
    sll2.append(Expect(f, p, t, "OUTBOUND" if outgoing else "INBOUND"))
write_pcap("sll2-ipv6.pcap", 276, sll2)

# Raw IP (LINKTYPE_RAW 101): IPv4 options, IPv4 fragments, IPv6.
opts = heartbeat(4, A4, B4, options=[IPOption_Router_Alert()])
frag_first = IP(src=A4, dst=B4, ttl=64, id=9, flags="MF", frag=0, proto=132) / Raw(bytes(assoc4[4][SCTP])[:16])
frag_later = IP(src=A4, dst=B4, ttl=64, id=9, flags=0, frag=2, proto=132) / Raw(bytes(assoc4[4][SCTP])[16:])
raw_packets = [opts, frag_first, frag_later, assoc6[0]]
raw = [Expect(p, p, t, sctp=0 if p is frag_later else None) for p, t in zip(raw_packets, times(len(raw_packets)))]
write_pcap("raw-ipv4-options.pcap", 101, raw)

# Raw IP under the DLT value 12 instead of LINKTYPE_RAW, as scapy and some older tools write it.
write_pcap("raw-linktype12.pcap", 12, [Expect(p, p, t) for p, t in zip(assoc4[:2], times(2))])

# Raw IPv6, big-endian, nanosecond magic, times that need nanoseconds.
write_pcap("raw-ipv6-nsec-be.pcap", 101,
           [Expect(p, p, t) for p, t in zip(assoc6, times(len(assoc6), step_ns=1_000_000_007, base=T0 * 10**9 + 1))],
           endianness=">", nano=True)

# LINKTYPE_IPV4 and LINKTYPE_IPV6.
write_pcap("linktype228-ipv4.pcap", 228, [Expect(p, p, t) for p, t in zip(assoc4[:3], times(3))])
write_pcap("linktype229-ipv6.pcap", 229, [Expect(p, p, t) for p, t in zip(assoc6[:3], times(3))])

# BSD loopback (NULL): the family in the capturing host's byte order; 2 = AF_INET, 30 = Darwin's
# AF_INET6, 28 = FreeBSD's (here big-endian, as a big-endian host writes it), 17 is not IP.
null = [
    Expect(struct.pack("<I", 2) + bytes(assoc4[0]), assoc4[0]),
    Expect(struct.pack("<I", 30) + bytes(assoc6[1]), assoc6[1]),
    Expect(struct.pack(">I", 28) + bytes(assoc6[2]), assoc6[2]),
    Expect(struct.pack("<I", 17) + b"\x00" * 20),
]
for e, t in zip(null, times(len(null))):
    e.time_ns = t
write_pcap("null-loopback.pcap", 0, null)

# OpenBSD loopback (LOOP): the family is always big-endian; 24 = OpenBSD's AF_INET6.
loop = [Expect(struct.pack(">I", 2) + bytes(assoc4[0]), assoc4[0]), Expect(struct.pack(">I", 24) + bytes(assoc6[0]), assoc6[0])]
for e, t in zip(loop, times(len(loop))):
    e.time_ns = t
write_pcap("loop-openbsd.pcap", 108, loop)

# ------------------------------------------------------------------ Wireshark conversions

# Nanosecond pcap and pcapng of the Ethernet capture; the pcapng gets a comment on frame 2.
run("editcap", "-F", "nsecpcap", "eth-ipv4.pcap", "eth-ipv4-nsec.pcap")
record("eth-ipv4-nsec.pcap", 1, eth_ipv4)
run("editcap", "-F", "pcapng", "-a", "2:INIT-ACK from B", "eth-ipv4.pcap", "eth-ipv4.pcapng")
commented = [e.cut(len(e.data)) for e in eth_ipv4]
commented[1].comments = ["INIT-ACK from B"]
record("eth-ipv4.pcapng", 1, commented)

# Snapshot lengths: 40 bytes keep Ethernet (14) and the IPv4 header (20) but cut the SCTP packet;
# 30 bytes cut inside the IPv4 header.
run("editcap", "-F", "pcap", "-s", "40", "eth-ipv4.pcap", "eth-ipv4-snap40.pcap")
record("eth-ipv4-snap40.pcap", 1, [e.cut(40) for e in eth_ipv4])
run("editcap", "-F", "pcap", "-s", "30", "eth-ipv4.pcap", "eth-ipv4-snap30.pcap")
record("eth-ipv4-snap30.pcap", 1, [e.cut(30, None if e.kind == "none" else "error:PACKET_CUT_BY_SNAPLEN") for e in eth_ipv4])

# Two pcapng files concatenated make one file with two sections (draft-ietf-opsawg-pcapng §3.4).
run("editcap", "-F", "pcapng", "sll-ipv4.pcap", "sll-ipv4.pcapng")
with open(os.path.join(HERE, "multi-section.pcapng"), "wb") as out:
    for part in ("eth-ipv4.pcapng", "sll-ipv4.pcapng"):
        with open(os.path.join(HERE, part), "rb") as f:
            out.write(f.read())
os.remove(os.path.join(HERE, "sll-ipv4.pcapng"))
record("multi-section.pcapng", {i + 1: (1 if i < len(commented) else 113) for i in range(len(commented) + len(sll))},
       commented + sll)

# text2pcap writes pcapng with direction flags and an interface name.
text = []
t2p = []
for i, p in enumerate(assoc4):
    inbound = p[IP].src == B4
    seconds, fraction = divmod(times(len(assoc4))[i], 1_000_000_000)
    stamp = "2023-11-14 22:13:%02d.%06d" % (20 + seconds - T0, fraction // 1000)
    text.append(("I " if inbound else "O ") + stamp)
    data = bytes(p)
    for offset in range(0, len(data), 16):
        text.append("%06x %s" % (offset, " ".join("%02x" % b for b in data[offset:offset + 16])))
    text.append("")
    t2p.append(Expect(p, p, times(len(assoc4))[i], "INBOUND" if inbound else "OUTBOUND"))
run("text2pcap", "-q", "-D", "-t", "%Y-%m-%d %H:%M:%S.%f", "-l", "101", "-N", "sctp0", "-", "text2pcap-direction.pcapng",
    input="\n".join(text).encode(), env=dict(os.environ, TZ="UTC"))
record("text2pcap-direction.pcapng", 101, t2p, iface_names={i + 1: "sctp0" for i in range(len(t2p))})

# gzip, as captures are often passed around (mtime 0 keeps the bytes reproducible).
with open(os.path.join(HERE, "eth-ipv4.pcap"), "rb") as f, \
        gzip.GzipFile(os.path.join(HERE, "eth-ipv4.pcap.gz"), "wb", mtime=0) as z:
    z.write(f.read())
record("eth-ipv4.pcap.gz", 1, eth_ipv4)


# ------------------------------------------------------------------ pcapng laid out by hand

def pad(b):
    return b + b"\x00" * (-len(b) % 4)


def option(o, code, value):
    return struct.pack(o + "HH", code, len(value)) + pad(value)


def end_options(o):
    return struct.pack(o + "HH", 0, 0)


def block(o, block_type, body):
    """§3.1: type, total length, body padded to 32 bits, total length again."""
    body = pad(body)
    return struct.pack(o + "II", block_type, 12 + len(body)) + body + struct.pack(o + "I", 12 + len(body))


def shb(o, minor=0, options=b""):
    return block(o, 0x0A0D0D0A, struct.pack(o + "IHHq", 0x1A2B3C4D, 1, minor, -1) + options)


def idb(o, link_type, snap, options):
    return block(o, 1, struct.pack(o + "HHI", link_type, 0, snap) + options)


def epb(o, interface, units, data, orig=None, options=b""):
    return block(o, 6, struct.pack(o + "IIIII", interface, units >> 32, units & 0xFFFFFFFF, len(data),
                                   len(data) if orig is None else orig) + pad(data) + options)


def spb(o, orig, data):
    return block(o, 3, struct.pack(o + "I", orig) + pad(data))


def packet_block(o, interface, drops, units, data, options=b""):
    """Appendix A (obsolete): 16-bit interface ID and drop count, then as an EPB."""
    return block(o, 2, struct.pack(o + "HHIIII", interface, drops, units >> 32, units & 0xFFFFFFFF, len(data), len(data))
                 + pad(data) + options)


B = ">"
L = "<"
v4_init, v4_initack, v4_data = bytes(assoc4[0]), bytes(assoc4[1]), bytes(assoc4[4])
v6_initack = bytes(assoc6[1])
units_binary = (3 << 20) + (1 << 19) + 1  # 3.5 s and one 2^-20 s unit after the offset
ns_binary = (T0 + 3) * 10**9 + 500_000_000 + (10**9 // (1 << 20))  # floor(1e9 / 2^20) = 953
# Kept below 2^64 / 10^9: Wireshark 4.0 multiplies the sub-second units by 10^9 in 64 bits and
# would misread larger picosecond counts, which would spoil the cross-check below.
units_pico = 12_345_678_901

hand = b"".join([
    # Section 1, big-endian.
    shb(B, options=option(B, 4, b"make_captures.py") + option(B, 1, b"hand-made section") + end_options(B)),
    idb(B, 101, 0, option(B, 2, b"lo-binary") + option(B, 9, bytes([0x94])) + option(B, 14, struct.pack(">q", T0))
        + end_options(B)),
    idb(B, 101, 64, option(B, 2, b"millis") + option(B, 9, bytes([3])) + end_options(B)),
    # Name Resolution Block (§4.5), Interface Statistics Block (§4.6), a Custom Block (§4.8) and a
    # local-use block: all to be skipped.
    block(B, 4, struct.pack(">HH", 1, 8) + bytes([10, 0, 0, 1]) + b"a\x00\x00\x00" + struct.pack(">HH", 0, 0)),
    epb(B, 0, units_binary, v4_init,
        options=option(B, 1, b"first comment") + option(B, 1, b"second\ncomment") + option(B, 2, struct.pack(">I", 2))
        + end_options(B)),
    block(B, 5, struct.pack(">III", 0, 0, 0) + end_options(B)),
    spb(B, len(v6_initack), v6_initack),
    block(B, 0x00000BAD, struct.pack(">I", 32473) + b"custom"),
    packet_block(B, 1, 0, (T0 * 1000) + 123, v4_data, options=option(B, 2, struct.pack(">I", 1)) + end_options(B)),
    epb(B, 1, (T0 * 1000) + 124, v4_initack[:64], orig=len(v4_initack)),
    block(B, 0x80000001, b"local use data"),
    # An interface described after packets were written (§4.2 allows it).
    idb(B, 1, 0, option(B, 2, b"pico") + option(B, 9, bytes([12])) + option(B, 14, struct.pack(">q", T0)) + end_options(B)),
    epb(B, 2, units_pico, bytes(eth(assoc4[3]))),
    # Section 2, little-endian, minor version 2 (§4.1: read as 1.0), Linux cooked v1.
    shb(L, minor=2),
    idb(L, 113, 0, option(L, 2, b"any") + end_options(L)),
    epb(L, 0, T0 * 10**6 + 5, bytes(sll[0].data)),
    epb(L, 0, T0 * 10**6 + 6, bytes(sll[0].data), options=option(L, 2, struct.pack("<I", 1)) + end_options(L)),
])
with open(os.path.join(HERE, "handmade-sections.pcapng"), "wb") as f:
    f.write(hand)
initack_cut = Expect(v4_initack[:64], assoc4[1], (T0 * 1000 + 124) * 10**6, orig_len=len(v4_initack))
record("handmade-sections.pcapng", {1: 101, 2: 101, 3: 101, 4: 101, 5: 1, 6: 113, 7: 113}, [
    Expect(v4_init, assoc4[0], ns_binary, "OUTBOUND", ["first comment", "second\ncomment"]),
    Expect(v6_initack, assoc6[1], None),
    Expect(v4_data, assoc4[4], (T0 * 1000 + 123) * 10**6, "INBOUND"),
    initack_cut,
    Expect(eth(assoc4[3]), assoc4[3], T0 * 10**9 + units_pico // 1000),
    Expect(sll[0].data, assoc4[0], (T0 * 10**6 + 5) * 1000, "OUTBOUND"),  # from the SLL packet type
    Expect(sll[0].data, assoc4[0], (T0 * 10**6 + 6) * 1000, "INBOUND"),  # epb_flags win over the SLL header
], iface_names={1: "lo-binary", 2: "lo-binary", 3: "millis", 4: "millis", 5: "pico", 6: "any", 7: "any"})

# ------------------------------------------------------------------ expected values, checked by tshark

with open(os.path.join(HERE, "expected.tsv"), "w") as f:
    f.write("# file\tframe\ttime_ns\tlink_type\tinterface\tdirection\torig_len\tcap_len\tcomments\tkind\tsrc\tdst"
            "\tproto\tsctp\tpayload_hex\tpayload_cut\n")
    f.write("# written by make_captures.py; comments are '|'-separated with newlines as \\n; '-' means none\n")
    for row in rows:
        f.write(row.replace("\n", "\\n") + "\n")

# tshark 4.0 names the interfaces of a later section after those of the first section (the link
# types it gets right): its answer for these frames is not an independent check.
TSHARK_4_0_SECTION_NAMES = {("handmade-sections.pcapng", 6), ("handmade-sections.pcapng", 7)}

failures = 0
by_file = {}
for row in rows:
    cols = row.split("\t")
    by_file.setdefault(cols[0], []).append(cols)
for name, expected in by_file.items():
    out = subprocess.run(["tshark", "-r", name, "-T", "fields", "-E", "occurrence=f", "-e", "frame.number",
                          "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len", "-e", "ip.src",
                          "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "frame.packet_flags_direction",
                          "-e", "frame.interface_name", "-e", "frame.cb_pen"],
                         cwd=HERE, capture_output=True, text=True, check=True).stdout.splitlines()
    # Wireshark also lists pcapng Custom Blocks as records (they have a PEN); they hold no packet,
    # and a reader skips them.
    out = [line for line in out if (line.split("\t") + [""] * 11)[10] == ""]
    if len(out) != len(expected):
        print(f"{name}: tshark sees {len(out)} frames, expected {len(expected)}", file=sys.stderr)
        failures += 1
        continue
    for line, cols in zip(out, expected):
        number, epoch, length, caplen, s4, d4, s6, d6, flags, iface = (line.split("\t") + [""] * 11)[:10]
        problems = []
        if cols[2] != "-":
            seconds, _, fraction = epoch.partition(".")
            if int(seconds) * 10**9 + int(fraction.ljust(9, "0")[:9]) != int(cols[2]):
                problems.append(f"time {epoch} != {cols[2]}")
        if (length, caplen) != (cols[6], cols[7]):
            problems.append(f"lengths {length}/{caplen} != {cols[6]}/{cols[7]}")
        if cols[9] == "ip" and (s4 or s6, d4 or d6) != (cols[10], cols[11]):
            problems.append(f"addresses {s4 or s6} -> {d4 or d6} != {cols[10]} -> {cols[11]}")
        if flags and cols[5] != {"0x00000001": "INBOUND", "0x00000002": "OUTBOUND"}.get(flags, "UNKNOWN"):
            problems.append(f"direction flags {flags} != {cols[5]}")
        if cols[4] != "-" and iface != cols[4] and (name, int(cols[1])) not in TSHARK_4_0_SECTION_NAMES:
            problems.append(f"interface {iface} != {cols[4]}")
        if problems:
            failures += 1
            print(f"{name} frame {number}: " + "; ".join(problems), file=sys.stderr)
if failures:
    sys.exit(f"{failures} disagreement(s) with tshark")
print(f"{len(rows)} frames in {len(by_file)} files written and confirmed by tshark")

#!/usr/bin/perl
# rawsctp: a small raw-socket probe that the container tests copy into jsctp
# containers. It proves, independently of the jsctp jar, that a container can
# (or, without CAP_NET_RAW, cannot) open a raw IPv4 socket for IP protocol 132
# and that SCTP packets cross the Docker network between two containers.
#
# Perl because perl-base is an essential package of every Debian system, so it
# is in the image already (the image has no Python, on purpose).
#
#   rawsctp open                        open a raw proto-132 socket and close it
#   rawsctp send HOST PORT TEXT         send one SCTP packet: common header and
#                                       one DATA chunk carrying TEXT
#   rawsctp recv PORT SECONDS           print "ready", then wait for one SCTP
#                                       packet to PORT and describe it
#
# Exit codes: 0 success; 2 the raw socket could not be opened (the message
# names errno, EPERM when CAP_NET_RAW is missing); 3 recv timed out; 4 a
# packet arrived with a bad CRC32c; 1 usage or other errors.

use strict;
use warnings;
use Errno ();
use Socket qw(AF_INET SOCK_RAW inet_aton inet_ntoa pack_sockaddr_in);

use constant IPPROTO_SCTP => 132;   # IANA protocol number of SCTP

$| = 1;   # the tests read our output while we still run

# CRC32c (Castagnoli), reflected polynomial 0x82F63B78, as RFC 9260 §6.8 and
# Appendix A require for the SCTP checksum.
my @crc_table = map {
    my $c = $_;
    $c = ($c & 1) ? (($c >> 1) ^ 0x82F63B78) : ($c >> 1) for 1 .. 8;
    $c;
} 0 .. 255;

sub crc32c {
    my $crc = 0xFFFFFFFF;
    $crc = $crc_table[($crc ^ $_) & 0xFF] ^ ($crc >> 8) for unpack 'C*', $_[0];
    return $crc ^ 0xFFFFFFFF;
}

sub errno_name {
    my $n = $_[0] + 0;
    for my $name (keys %!) {
        return $name if Errno->can($name) && Errno->$name() == $n;
    }
    return "errno $n";
}

sub open_raw {
    my $s;
    socket($s, AF_INET, SOCK_RAW, IPPROTO_SCTP) and return $s;
    my $err = $!;
    printf "raw socket failed: %s (%s)\n", errno_name($err), $err;
    exit 2;
}

my $mode = shift @ARGV // '';

if ($mode eq 'open') {
    my $s = open_raw();
    close $s;
    print "raw socket ok\n";
    exit 0;
}

if ($mode eq 'send') {
    @ARGV == 3 or die "usage: rawsctp send HOST PORT TEXT\n";
    my ($host, $port, $text) = @ARGV;
    my $addr = inet_aton($host) or die "rawsctp: cannot resolve $host\n";
    my $s = open_raw();
    # DATA chunk, RFC 9260 §3.3.1: type 0, flags B|E (one unfragmented
    # message), length 16 + data, TSN, stream 0, SSN 0, PPID 0; the chunk is
    # padded to a multiple of four bytes, the padding not counted in length.
    my $chunk = pack('C C n N n n N', 0, 0x03, 16 + length($text), 1, 0, 0, 0) . $text;
    $chunk .= "\0" x ((4 - length($chunk) % 4) % 4);
    # Common header, RFC 9260 §3.1: ports, a verification tag no association
    # knows (nobody answers in these tests), checksum zero while computing it.
    my $packet = pack('n n N N', $port, $port, 0x4A534354, 0) . $chunk;
    # The CRC32c goes on the wire least significant byte first (RFC 9260
    # Appendix A), hence 'V' (little-endian), unlike every other field.
    substr($packet, 8, 4) = pack('V', crc32c($packet));
    defined send($s, $packet, 0, pack_sockaddr_in(0, $addr))
        or die sprintf("rawsctp: send to %s failed: %s (%s)\n", $host, errno_name($!), $!);
    printf "sent %d bytes to %s\n", length($packet), inet_ntoa($addr);
    exit 0;
}

if ($mode eq 'recv') {
    @ARGV == 2 or die "usage: rawsctp recv PORT SECONDS\n";
    my ($port, $seconds) = @ARGV;
    my $s = open_raw();
    print "ready\n";
    my $deadline = time + $seconds;
    while ((my $left = $deadline - time) > 0) {
        my $rin = '';
        vec($rin, fileno($s), 1) = 1;
        my $n = select(my $rout = $rin, undef, undef, $left);
        next if $n <= 0;   # timeout (loop ends) or EINTR (try again)
        defined recv($s, my $buf, 65535, 0) or die "rawsctp: recv failed: $!\n";
        # A raw IPv4 socket hands over the IP header too; IHL gives its size.
        my $ihl = (ord($buf) & 0x0F) * 4;
        my $src = inet_ntoa(substr($buf, 12, 4));
        my $sctp = substr($buf, $ihl);
        next if length($sctp) < 16;
        my ($sport, $dport, $vtag, $sum) = unpack('n n N V', $sctp);
        next unless $dport == $port;   # every SCTP packet reaches every raw socket
        my $zeroed = $sctp;
        substr($zeroed, 8, 4) = "\0\0\0\0";
        my $crc_ok = crc32c($zeroed) == $sum;
        my ($type, $flags, $len) = unpack('C C n', substr($sctp, 12, 4));
        my $data = ($type == 0 && $len >= 16) ? substr($sctp, 28, $len - 16) : '';
        printf "received src=%s sport=%d dport=%d vtag=0x%08x crc32c=%s chunk=%d data=%s\n",
            $src, $sport, $dport, $vtag, ($crc_ok ? 'ok' : 'bad'), $type, $data;
        exit($crc_ok ? 0 : 4);
    }
    print "timeout after ${seconds}s waiting for SCTP to port $port\n";
    exit 3;
}

die "usage: rawsctp open | send HOST PORT TEXT | recv PORT SECONDS\n";

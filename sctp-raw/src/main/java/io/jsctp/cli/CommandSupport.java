package io.jsctp.cli;

import io.jsctp.raw.net.Errno;
import io.jsctp.raw.net.IpFamily;
import io.jsctp.socket.Notification;
import io.jsctp.socket.SctpSocket;
import io.jsctp.wire.PacketPrinter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small things the commands share. */
final class CommandSupport {
    private CommandSupport() {}

    static IpFamily family(String name, List<InetAddress> addresses) {
        if (name == null) {
            return Addresses.anyIpv6(addresses) ? IpFamily.IPV6 : IpFamily.IPV4;
        }
        switch (name) {
            case "inet":
            case "ipv4":
                return IpFamily.IPV4;
            case "inet6":
            case "ipv6":
                return IpFamily.IPV6;
            default:
                throw new CliException("jsctp: --family must be inet or inet6, not '" + name + "'", 2);
        }
    }

    /** Message contents for a terminal: text in quotes when printable, else hex. */
    static String quote(byte[] data) {
        boolean printable = true;
        for (byte b : data) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            String s = new String(data, StandardCharsets.US_ASCII);
            return "\"" + (s.length() > 200 ? s.substring(0, 200) + "...\"" : s + "\"");
        }
        io.jsctp.wire.Bytes b = io.jsctp.wire.Bytes.wrap(data);
        return b.length() > 32 ? b.slice(0, 32).toHex() + "...(" + data.length + " bytes)" : b.toHex();
    }

    static String describe(Notification n, SctpSocket s) {
        StringBuilder sb = new StringBuilder("assoc=").append(n.associationId()).append(' ');
        if (n instanceof Notification.AssociationChange c) {
            sb.append(c.state().name());
            if (c.state() == Notification.AssociationState.COMM_UP || c.state() == Notification.AssociationState.RESTART) {
                sb.append(" streams=").append(c.outboundStreams()).append('/').append(c.inboundStreams());
                try {
                    sb.append(" peer=").append(Addresses.text(s.getPeerAddresses(n.associationId())));
                } catch (Exception e) {
                    // already gone
                }
            }
            if (c.error() != 0) {
                sb.append(" error=").append(Errno.fromNumber(c.error()).name());
            }
            for (var cause : c.causes()) {
                sb.append(" cause=\"").append(PacketPrinter.describe(cause)).append('"');
            }
        } else if (n instanceof Notification.PeerAddressChange p) {
            sb.append("PEER_ADDR_CHANGE ").append(p.address().getHostAddress()).append(' ').append(p.state().name());
        } else if (n instanceof Notification.Shutdown) {
            sb.append("SHUTDOWN_EVENT");
        } else if (n instanceof Notification.SendFailed f) {
            sb.append("SEND_FAILED ").append(f.sent() ? "sent" : "unsent").append(" len=").append(f.data().length);
        } else if (n instanceof Notification.RemoteError e) {
            sb.append("REMOTE_ERROR");
            for (var cause : e.causes()) {
                sb.append(" cause=\"").append(PacketPrinter.describe(cause)).append('"');
            }
        } else if (n instanceof Notification.SenderDry) {
            sb.append("SENDER_DRY");
        }
        return sb.toString();
    }
}

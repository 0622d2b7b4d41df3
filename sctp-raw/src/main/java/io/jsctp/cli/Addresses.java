package io.jsctp.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Address arguments: IP literals only, so that nothing on the command line triggers a DNS lookup. */
final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Addresses() {}

    static InetAddress parse(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            throw new CliException("jsctp: '" + text + "' is not an IPv4 or IPv6 address literal", 2);
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new CliException("jsctp: '" + text + "' is not a valid address: " + e.getMessage(), 2);
        }
    }

    static List<InetAddress> parseAll(List<String> texts) {
        List<InetAddress> out = new ArrayList<>();
        if (texts != null) {
            for (String t : texts) {
                out.add(parse(t));
            }
        }
        return out;
    }

    static boolean anyIpv6(List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            if (a instanceof Inet6Address) {
                return true;
            }
        }
        return false;
    }

    static String text(List<? extends Object> addresses) {
        StringBuilder sb = new StringBuilder();
        for (Object o : addresses) {
            String s = o instanceof InetAddress a ? a.getHostAddress()
                    : o instanceof java.net.InetSocketAddress sa ? sa.getAddress().getHostAddress() : String.valueOf(o);
            sb.append(sb.length() == 0 ? "" : ",").append(s);
        }
        return sb.toString();
    }
}

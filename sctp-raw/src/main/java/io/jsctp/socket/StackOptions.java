package io.jsctp.socket;

import io.jsctp.engine.ProtocolParameters;
import io.jsctp.raw.net.RawSocketOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to build an {@link SctpStack}: which network namespace it lives in, the ephemeral port range,
 * the raw socket settings, the protocol defaults for new sockets, and an optional capture file.
 */
public final class StackOptions {
    String namespace;
    int ephemeralLow = 32768;  // Linux's net.ipv4.ip_local_port_range default
    int ephemeralHigh = 60999;
    RawSocketOptions raw = RawSocketOptions.defaults();
    ProtocolParameters defaults = new ProtocolParameters();
    Path capture;
    boolean allowKernelSctp = Boolean.getBoolean("jsctp.allowKernelSctp");
    boolean answerOutOfTheBlue = true;
    String name;

    public StackOptions() {
        String range = System.getProperty("jsctp.ephemeralPorts");
        if (range != null) {
            String[] p = range.split("-");
            if (p.length == 2) {
                ephemeralPorts(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        }
    }

    /** Runs the stack inside the named network namespace ({@code /var/run/netns/NAME}). */
    public StackOptions namespace(String name) {
        this.namespace = Objects.requireNonNull(name, "namespace");
        return this;
    }

    /** Local ports given to sockets that connect without binding (like net.ipv4.ip_local_port_range). */
    public StackOptions ephemeralPorts(int low, int high) {
        if (low < 1 || high > 65535 || low > high) {
            throw new IllegalArgumentException("ephemeral port range must satisfy 1 <= low <= high <= 65535: " + low + "-" + high);
        }
        this.ephemeralLow = low;
        this.ephemeralHigh = high;
        return this;
    }

    public StackOptions raw(RawSocketOptions raw) {
        this.raw = Objects.requireNonNull(raw, "raw");
        return this;
    }

    /** Protocol parameters new sockets start with. */
    public StackOptions defaults(ProtocolParameters p) {
        this.defaults = p.copy();
        return this;
    }

    /** Writes every packet the stack sends and receives to this pcapng file. */
    public StackOptions capture(Path file) {
        this.capture = file;
        return this;
    }

    /** Starts even though the kernel has SCTP loaded (it will answer packets too; see README). */
    public StackOptions allowKernelSctp(boolean allow) {
        this.allowKernelSctp = allow;
        return this;
    }

    /**
     * Whether packets for ports no jsctp socket uses are answered as RFC 9260 §8.4 says (ABORT,
     * SHUTDOWN COMPLETE). On by default, since the kernel has no SCTP to do it; ports another jsctp
     * process holds are never answered.
     */
    public StackOptions answerOutOfTheBlue(boolean on) {
        this.answerOutOfTheBlue = on;
        return this;
    }

    /** A name for traces and captures. */
    public StackOptions name(String name) {
        this.name = name;
        return this;
    }
}

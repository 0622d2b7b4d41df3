package io.jsctp.raw.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Objects;

/**
 * Refuses to run jsctp next to the kernel's own SCTP.
 *
 * <p>A raw socket for IP protocol 132 gets a copy of every SCTP packet, but it does not take the packet
 * away from the kernel: when the {@code sctp} module is loaded, the kernel also processes each packet.
 * It knows nothing of jsctp's associations, so it treats them as out of the blue (RFC 9260 §8.4) and
 * answers an INIT or DATA with an ABORT, tearing down the association the peer just set up with jsctp,
 * or it delivers them to its own SCTP sockets. Nothing good comes of that, so by default jsctp refuses to
 * open its raw socket when it sees the module ({@code /proc/net/sctp} exists; the directory appears in
 * every network namespace once the module is loaded).
 *
 * <p>On such a host, either unload the module ({@code modprobe -r sctp}, and blacklist it so that
 * creating an SCTP socket does not load it again), run jsctp in a container or VM whose kernel has no
 * SCTP, or accept the interference by setting the system property
 * {@code -Djsctp.allowKernelSctp=true} (or {@link RawSocketOptions#allowKernelSctp(boolean)}). With the
 * override, expect ABORTs from the kernel for any association whose packets it sees.
 */
public final class KernelSctpCheck {
    /** The system property that allows jsctp to run beside a kernel SCTP: {@code jsctp.allowKernelSctp=true}. */
    public static final String ALLOW_PROPERTY = "jsctp.allowKernelSctp";

    /**
     * Where the kernel's SCTP shows itself. {@code /proc/net} is a link to {@code /proc/self/net}, which is
     * the namespace of the process's main thread, not of the calling thread; {@code /proc/thread-self}
     * (Linux 3.17+) is the caller's own. Either path shows the module, since it is global.
     */
    public static final List<Path> DEFAULT_MARKERS =
            List.of(Paths.get("/proc/thread-self/net/sctp"), Paths.get("/proc/net/sctp"));

    private KernelSctpCheck() {}

    /** True if the system property {@value #ALLOW_PROPERTY} is "true". */
    public static boolean overriddenByProperty() {
        return Boolean.getBoolean(ALLOW_PROPERTY);
    }

    /** True if any of the default markers exists. */
    public static boolean kernelSctpPresent() {
        return kernelSctpPresent(DEFAULT_MARKERS);
    }

    /** True if any of {@code markers} exists. */
    public static boolean kernelSctpPresent(List<Path> markers) {
        for (Path p : markers) {
            if (Files.exists(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Throws unless the kernel has no SCTP or the caller allows it.
     *
     * @param allow true to run beside a kernel SCTP anyway (from an option or a command-line flag)
     * @throws ErrnoException EBUSY, with a message that says what to do
     */
    public static void requireNoKernelSctp(boolean allow) throws ErrnoException {
        requireNoKernelSctp(DEFAULT_MARKERS, allow);
    }

    /** As {@link #requireNoKernelSctp(boolean)} with other marker paths (for tests). */
    public static void requireNoKernelSctp(List<Path> markers, boolean allow) throws ErrnoException {
        Objects.requireNonNull(markers, "markers");
        if (allow || overriddenByProperty()) {
            return;
        }
        for (Path p : markers) {
            if (Files.exists(p)) {
                throw new ErrnoException("socket(SOCK_RAW, IPPROTO_SCTP)", Errno.EBUSY,
                        "the kernel's own SCTP is loaded (" + p + " exists); it would answer jsctp's packets"
                                + " with ABORTs. Unload it (modprobe -r sctp), run in a container or VM"
                                + " without it, or set -D" + ALLOW_PROPERTY + "=true to run anyway");
            }
        }
    }
}

package io.jsctp.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capabilities of the calling thread, read from {@code /proc/thread-self/status} (capabilities
 * are per thread in Linux, so a test can drop one on its own thread).
 */
final class Capabilities {
    static final int CAP_NET_BIND_SERVICE = 10;

    private Capabilities() {}

    static boolean canBindPrivilegedPorts() {
        return effective(CAP_NET_BIND_SERVICE);
    }

    static boolean effective(int capability) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long bits = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (bits & (1L << capability)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return true; // cannot tell: let the operation go ahead
        }
        return true;
    }
}

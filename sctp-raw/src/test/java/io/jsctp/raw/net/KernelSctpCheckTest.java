package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusal to run beside a kernel SCTP, with a fake {@code /proc/net/sctp}. */
class KernelSctpCheckTest {
    @TempDir
    Path dir;

    @Test
    void presentMarkerRefusesWithAClearMessage() throws Exception {
        Path fake = Files.createDirectory(dir.resolve("sctp"));
        assertTrue(KernelSctpCheck.kernelSctpPresent(List.of(fake)));
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> KernelSctpCheck.requireNoKernelSctp(List.of(dir.resolve("absent"), fake), false));
        assertEquals(Errno.EBUSY, e.errno());
        assertTrue(e.getMessage().contains(fake.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("modprobe -r sctp"), e.getMessage());
        assertTrue(e.getMessage().contains("-Djsctp.allowKernelSctp=true"), e.getMessage());
    }

    @Test
    void absentMarkerPasses() {
        assertFalse(KernelSctpCheck.kernelSctpPresent(List.of(dir.resolve("absent"))));
        assertDoesNotThrow(() -> KernelSctpCheck.requireNoKernelSctp(List.of(dir.resolve("absent")), false));
    }

    @Test
    void overrideByArgumentOrProperty() throws Exception {
        Path fake = Files.createFile(dir.resolve("sctp"));
        assertDoesNotThrow(() -> KernelSctpCheck.requireNoKernelSctp(List.of(fake), true));
        String before = System.getProperty(KernelSctpCheck.ALLOW_PROPERTY);
        System.setProperty(KernelSctpCheck.ALLOW_PROPERTY, "true");
        try {
            assertTrue(KernelSctpCheck.overriddenByProperty());
            assertDoesNotThrow(() -> KernelSctpCheck.requireNoKernelSctp(List.of(fake), false));
        } finally {
            if (before == null) {
                System.clearProperty(KernelSctpCheck.ALLOW_PROPERTY);
            } else {
                System.setProperty(KernelSctpCheck.ALLOW_PROPERTY, before);
            }
        }
        assertThrows(ErrnoException.class, () -> KernelSctpCheck.requireNoKernelSctp(List.of(fake), false));
    }

    @Test
    void openRefusesBeforeCreatingAnySocket() throws Exception {
        Path fake = Files.createFile(dir.resolve("sctp"));
        RawSocketOptions options = RawSocketOptions.defaults().kernelSctpMarkers(List.of(fake));
        ErrnoException e = assertThrows(ErrnoException.class, () -> RawSctpSocket.open(IpFamily.IPV4, options));
        assertEquals(Errno.EBUSY, e.errno());
        assertEquals(List.of(fake), options.kernelSctpMarkers());
        assertFalse(options.allowKernelSctp());
        assertTrue(options.allowKernelSctp(true).allowKernelSctp());
    }

    @Test
    void defaultMarkersAreProcNetSctp() {
        assertTrue(KernelSctpCheck.DEFAULT_MARKERS.contains(Path.of("/proc/net/sctp")));
        assertTrue(KernelSctpCheck.DEFAULT_MARKERS.contains(Path.of("/proc/thread-self/net/sctp")));
    }
}

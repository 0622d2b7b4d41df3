package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The two high bits of a chunk type (RFC 9260 §3.2) and of a parameter type (§3.2.1) tell a
 * receiver what to do with a type it does not know:
 * 00 stop and discard (for chunks: this chunk and all after it; for parameters: this one and the
 * rest of the chunk's parameters), 01 the same and report it, 10 skip it and go on, 11 skip, go on
 * and report.
 */
class UnrecognizedActionTest {

    @Test
    void meaningOfEachPattern() {
        assertFalse(UnrecognizedAction.STOP.continues());
        assertFalse(UnrecognizedAction.STOP.reports());
        assertFalse(UnrecognizedAction.STOP_AND_REPORT.continues());
        assertTrue(UnrecognizedAction.STOP_AND_REPORT.reports());
        assertTrue(UnrecognizedAction.SKIP.continues());
        assertFalse(UnrecognizedAction.SKIP.reports());
        assertTrue(UnrecognizedAction.SKIP_AND_REPORT.continues());
        assertTrue(UnrecognizedAction.SKIP_AND_REPORT.reports());
    }

    /** Every one of the 256 chunk types: only bits 7 and 6 matter. */
    @Test
    void everyChunkType() {
        for (int type = 0; type < 256; type++) {
            UnrecognizedAction expected = type < 0x40 ? UnrecognizedAction.STOP
                    : type < 0x80 ? UnrecognizedAction.STOP_AND_REPORT
                    : type < 0xC0 ? UnrecognizedAction.SKIP
                    : UnrecognizedAction.SKIP_AND_REPORT;
            assertEquals(expected, UnrecognizedAction.forChunkType(type), "chunk type " + type);
        }
    }

    /** Every one of the 65536 parameter types: only bits 15 and 14 matter. */
    @Test
    void everyParameterType() {
        for (int type = 0; type < 0x10000; type++) {
            UnrecognizedAction expected = type < 0x4000 ? UnrecognizedAction.STOP
                    : type < 0x8000 ? UnrecognizedAction.STOP_AND_REPORT
                    : type < 0xC000 ? UnrecognizedAction.SKIP
                    : UnrecognizedAction.SKIP_AND_REPORT;
            assertEquals(expected, UnrecognizedAction.forParameterType(type), "parameter type " + type);
        }
    }

    /** The choices the extension RFCs made, as the IANA registry lists them. */
    @Test
    void knownExtensions() {
        assertEquals(UnrecognizedAction.SKIP_AND_REPORT, UnrecognizedAction.forChunkType(ChunkType.FORWARD_TSN.number()));
        assertEquals(UnrecognizedAction.SKIP_AND_REPORT, UnrecognizedAction.forChunkType(ChunkType.ASCONF.number()));
        assertEquals(UnrecognizedAction.SKIP, UnrecognizedAction.forChunkType(ChunkType.ASCONF_ACK.number()));
        assertEquals(UnrecognizedAction.SKIP, UnrecognizedAction.forChunkType(ChunkType.RE_CONFIG.number()));
        assertEquals(UnrecognizedAction.SKIP, UnrecognizedAction.forChunkType(ChunkType.PAD.number()));
        assertEquals(UnrecognizedAction.STOP_AND_REPORT, UnrecognizedAction.forChunkType(ChunkType.I_DATA.number()));
        assertEquals(UnrecognizedAction.STOP, UnrecognizedAction.forChunkType(ChunkType.AUTH.number()));
        // ECN Capable (0x8000): skip, do not report (RFC 9260 §3.3.2.1.6 reserves it).
        assertEquals(UnrecognizedAction.SKIP, UnrecognizedAction.forParameterType(EcnCapableParameter.TYPE));
        assertEquals(UnrecognizedAction.SKIP_AND_REPORT,
                UnrecognizedAction.forParameterType(ParameterType.FORWARD_TSN_SUPPORTED.number()));
        assertEquals(UnrecognizedAction.SKIP, UnrecognizedAction.forParameterType(ParameterType.SUPPORTED_EXTENSIONS.number()));
        assertEquals(UnrecognizedAction.STOP, UnrecognizedAction.forParameterType(StateCookieParameter.TYPE));
    }
}

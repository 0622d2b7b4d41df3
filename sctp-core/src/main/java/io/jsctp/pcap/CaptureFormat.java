package io.jsctp.pcap;

/** The container format of a capture file, as recognised from its first bytes. */
public enum CaptureFormat {
    /** Classic libpcap format (draft-ietf-opsawg-pcap), microsecond or nanosecond, either byte order. */
    PCAP,
    /** pcapng (draft-ietf-opsawg-pcapng), one or more sections, each in either byte order. */
    PCAPNG
}

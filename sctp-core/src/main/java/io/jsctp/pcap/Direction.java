package io.jsctp.pcap;

/**
 * Which way a captured packet went, seen from the interface it was captured on.
 *
 * <p>In pcapng this is bits 0-1 of the Enhanced Packet Block flags word
 * (draft-ietf-opsawg-pcapng §4.3.1: 01 inbound, 10 outbound, 00 not available); Linux cooked
 * captures (SLL, SLL2) carry it in their packet type field.
 */
public enum Direction {
    /** Received by the capturing host. */
    INBOUND,
    /** Sent by the capturing host. */
    OUTBOUND,
    /** The capture does not say. */
    UNKNOWN
}

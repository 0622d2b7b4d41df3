package io.jsctp.pcap;

import java.util.Objects;

/**
 * The interface a frame was captured on: a pcapng Interface Description Block
 * (draft-ietf-opsawg-pcapng §4.2), or for a classic pcap file the one implicit interface its file
 * header describes.
 *
 * @param section     0-based number of the pcapng section the interface belongs to (interface
 *                    numbers restart in every section, §4.2); always 0 for classic pcap
 * @param index       the Interface ID within the section
 * @param linkType    the link-layer type of its frames, see {@link LinkType}
 * @param snapLength  the largest number of bytes captured per packet; 0 means no limit
 * @param name        the if_name option, or "" when absent
 * @param description the if_description option, or "" when absent
 */
public record CaptureInterface(int section, int index, int linkType, long snapLength, String name, String description) {

    public CaptureInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}

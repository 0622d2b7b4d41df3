package io.jsctp.socket;

import io.jsctp.engine.PathStatus;
import java.net.InetAddress;
import java.util.List;

/**
 * SCTP_STATUS (RFC 6458 §8.2.1) plus every path's details (SCTP_GET_PEER_ADDR_INFO) and the
 * association's counters.
 *
 * @param state           the RFC 9260 §4 state, e.g. "ESTABLISHED"
 * @param receiveWindow   the window this side advertises
 * @param unacknowledged  bytes sent and not yet acknowledged
 * @param pending         bytes queued and not yet sent
 * @param fragmentationPoint largest user data per DATA chunk
 */
public record AssociationStatus(int associationId, String state, long receiveWindow, long peerReceiveWindow,
                                long unacknowledged, long pending, int inboundStreams, int outboundStreams,
                                InetAddress primary, List<PathStatus> paths, java.util.Map<String, Long> counters) {}

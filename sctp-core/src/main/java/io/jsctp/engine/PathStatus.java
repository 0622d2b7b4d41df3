package io.jsctp.engine;

import io.jsctp.engine.path.PathState;
import java.net.InetAddress;

/**
 * A snapshot of one destination of an association, as RFC 6458's SCTP_GET_PEER_ADDR_INFO reports
 * it, plus the counters a researcher studies.
 */
public record PathStatus(InetAddress address, InetAddress localAddress, PathState state, boolean confirmed,
                         boolean primary, long srttNanos, long rttvarNanos, long rtoNanos, long cwnd, long ssthresh,
                         long flightSize, int mtu, int errorCount, long heartbeatIntervalNanos, int pathMaxRetrans,
                         long bytesSent, long bytesAcked, long packetsSent, long retransmissions, long timeouts) {}

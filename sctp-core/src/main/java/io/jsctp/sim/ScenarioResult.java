package io.jsctp.sim;

/**
 * What a {@link ScenarioRun} found. {@link #ok()} is true only when every byte arrived exactly
 * once and in order, and the association was established and closed gracefully.
 */
public record ScenarioResult(long bytesExpected, long bytesDelivered, long messagesExpected, long messagesDelivered,
                             boolean digestMatch, boolean established, String startFailure, String lossReason,
                             boolean cleanClose, long virtualNanos, long wallNanos, long timeoutRetransmissions,
                             long fastRetransmissions, long failoverNanos, long[] bytesPerPath, long packetsSent,
                             long packetsDropped) {

    public boolean ok() {
        return established && bytesDelivered == bytesExpected && messagesDelivered == messagesExpected && digestMatch
                && cleanClose;
    }

    /** The summary line of {@code jsctp sim}: key=value pairs. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("delivered=").append(bytesDelivered).append('/').append(bytesExpected);
        sb.append(" messages=").append(messagesDelivered).append('/').append(messagesExpected);
        sb.append(" digest=").append(digestMatch ? "match" : "MISMATCH");
        sb.append(" established=").append(established ? "yes" : "no(" + startFailure + ")");
        sb.append(" closed=").append(cleanClose ? "clean" : lossReason != null ? "lost(" + lossReason + ")" : "no");
        sb.append(String.format(" virtual=%.3fs wall=%.3fs", virtualNanos / 1e9, wallNanos / 1e9));
        sb.append(" rtx_timeout=").append(timeoutRetransmissions).append(" rtx_fast=").append(fastRetransmissions);
        sb.append(" failover=").append(failoverNanos < 0 ? "none" : String.format("%.3fs", failoverNanos / 1e9));
        for (int i = 0; i < bytesPerPath.length; i++) {
            sb.append(" path").append(i).append("_bytes=").append(bytesPerPath[i]);
        }
        sb.append(" packets=").append(packetsSent).append(" dropped=").append(packetsDropped);
        if (virtualNanos > 0 && bytesDelivered > 0) {
            sb.append(String.format(" goodput=%.2fMbit/s", bytesDelivered * 8.0 / (virtualNanos / 1e9) / 1e6));
        }
        return sb.toString();
    }
}

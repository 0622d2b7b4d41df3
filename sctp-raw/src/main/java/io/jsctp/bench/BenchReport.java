package io.jsctp.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The table of {@code jsctp bench}, then its machine-readable last line. */
public final class BenchReport {
    private BenchReport() {}

    static void print(Map<String, Double> r, String path, PrintWriter out) {
        out.println();
        out.println("jsctp bench over " + path + " (ratios compare runs made together; absolute figures are noisy)");
        out.println(String.format(Locale.ROOT, "%-38s %14s %14s %8s", "measurement", "jsctp", "baseline", "ratio"));
        row(out, "bulk, 64 KiB messages (Mbit/s)", r.get("jsctp_mbit_s"), "TCP", r.get("tcp_mbit_s"));
        row(out, "bulk, 1200-byte messages (Mbit/s)", r.get("jsctp_1200_mbit_s"), "TCP", r.get("tcp_1200_mbit_s"));
        row(out, "request/response, 64 B (per s)", r.get("rr_per_s"), "UDP", r.get("udp_rr_per_s"));
        row(out, "setup + shutdown (associations/s)", r.get("setups_per_s"), null, null);
        row(out, "heap per idle association (bytes)", r.get("heap_bytes_per_assoc"), null, null);
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, Double> e : r.entrySet()) {
            line.append(line.length() == 0 ? "" : " ").append(e.getKey()).append('=')
                    .append(String.format(Locale.ROOT, "%.1f", e.getValue()));
        }
        ratio(line, "jsctp_vs_tcp", r.get("jsctp_mbit_s"), r.get("tcp_mbit_s"));
        ratio(line, "jsctp_1200_vs_tcp", r.get("jsctp_1200_mbit_s"), r.get("tcp_1200_mbit_s"));
        ratio(line, "rr_vs_udp", r.get("rr_per_s"), r.get("udp_rr_per_s"));
        line.append(" path=").append(path.startsWith("loopback") ? "loopback" : "veth");
        out.println(line);
        out.flush();
    }

    private static void row(PrintWriter out, String what, Double v, String baseName, Double base) {
        if (v == null) {
            return;
        }
        String b = base == null ? "" : baseName + " " + String.format(Locale.ROOT, "%.1f", base);
        String ratio = base == null || base == 0 ? "" : String.format(Locale.ROOT, "%.3f", v / base);
        out.println(String.format(Locale.ROOT, "%-38s %14.1f %14s %8s", what, v, b, ratio));
    }

    private static void ratio(StringBuilder line, String key, Double a, Double b) {
        if (a != null && b != null && b > 0) {
            line.append(' ').append(key).append('=').append(String.format(Locale.ROOT, "%.3f", a / b));
        }
    }
}

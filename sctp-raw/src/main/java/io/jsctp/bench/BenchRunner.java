package io.jsctp.bench;

import java.io.PrintWriter;

/** Sets up the path, runs {@link Bench} and prints the report; what {@code jsctp bench} calls. */
public final class BenchRunner {
    private BenchRunner() {}

    /**
     * @param netns   run between two network namespaces over veth rather than on loopback
     * @param quick   every measurement briefly (under 30 s in all)
     * @param seconds measured time per measurement (ignored when quick)
     */
    public static int run(boolean netns, boolean quick, double seconds, int associations, PrintWriter out,
                          PrintWriter progress) throws Exception {
        double s = quick ? 1.0 : seconds;
        int n = quick ? Math.min(associations, 1000) : associations;
        try (BenchNetwork net = netns ? BenchNetwork.veth(1500) : BenchNetwork.loopback()) {
            Bench b = new Bench(net, s, progress);
            try {
                b.open();
                b.runAll(quick, n);
            } finally {
                b.close();
            }
            BenchReport.print(b.results(), net.describe(), out);
        }
        return 0;
    }
}

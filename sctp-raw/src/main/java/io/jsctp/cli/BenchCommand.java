package io.jsctp.cli;

import io.jsctp.bench.BenchRunner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jsctp bench}: jsctp against TCP and UDP on the same path, as ratios and absolute figures. */
@Command(name = "bench", description = {
        "Measure jsctp against baselines over the same path: bulk throughput against TCP,",
        "request/response against UDP ping-pong, association setup rate and heap per idle association.",
        "The last line is key=value pairs for scripts."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--netns", description = "Run between two network namespaces joined by veth (MTU 1500) instead of on loopback.")
    boolean netns;

    @Option(names = "--quick", description = "Every measurement briefly (under 30 s in all), for smoke checks.")
    boolean quick;

    @Option(names = "--seconds", paramLabel = "S", description = "Measured time per measurement (default 5).")
    double seconds = 5;

    @Option(names = "--associations", paramLabel = "N", description = "Idle associations for the heap measurement (default 10000).")
    int associations = 10_000;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        if (seconds <= 0 || associations < 1) {
            throw new CliException("jsctp bench: --seconds must be positive and --associations at least 1", 2);
        }
        return BenchRunner.run(netns, quick, seconds, associations, out, progress);
    }
}

package io.jsctp.cli;

import io.jsctp.raw.net.ErrnoException;
import io.jsctp.socket.SctpStack;
import io.jsctp.socket.StackOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command on real sockets shares: namespace, capture, trace, debug. */
final class StackMixin {
    @Option(names = "--netns", paramLabel = "NAME", description = "Run inside network namespace NAME (/var/run/netns/NAME).")
    String netns;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Write every packet sent and received to FILE (pcapng).")
    Path pcap;

    @Option(names = "--trace", description = "Print packets, state changes and timers as they happen.")
    boolean trace;

    @Option(names = "--debug", description = "Print stack traces of failures.")
    boolean debug;

    @Option(names = "--allow-kernel-sctp", description = "Start even though the kernel has SCTP loaded (it will answer packets too).")
    boolean allowKernelSctp;

    /** Opens the stack these options describe, with tracing to {@code out} when asked. */
    SctpStack open(PrintWriter out, String name) throws ErrnoException {
        StackOptions o = new StackOptions().name(name).allowKernelSctp(allowKernelSctp);
        if (netns != null) {
            o.namespace(netns);
        }
        if (pcap != null) {
            o.capture(pcap);
        }
        SctpStack s = SctpStack.open(o);
        if (trace) {
            TracePrinter.attach(s, out);
        }
        return s;
    }
}

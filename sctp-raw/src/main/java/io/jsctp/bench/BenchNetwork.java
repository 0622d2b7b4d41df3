package io.jsctp.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a benchmark runs: loopback in this namespace, or two network namespaces joined by a veth
 * pair that the benchmark creates and always removes (names start with {@code jsb-}).
 */
final class BenchNetwork implements AutoCloseable {
    final String namespaceA;  // null on loopback
    final String namespaceB;
    final InetAddress addressA;
    final InetAddress addressB;
    private final List<String> created = new ArrayList<>();

    private BenchNetwork(String a, String b, InetAddress addressA, InetAddress addressB) {
        this.namespaceA = a;
        this.namespaceB = b;
        this.addressA = addressA;
        this.addressB = addressB;
    }

    static BenchNetwork loopback() throws IOException {
        return new BenchNetwork(null, null, InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.1"));
    }

    /** Two namespaces and a veth pair with MTU {@code mtu}; torn down by {@link #close()}. */
    static BenchNetwork veth(int mtu) throws IOException {
        String suffix = Long.toHexString(ProcessHandle.current().pid() & 0xffff);
        String a = "jsb-a-" + suffix;
        String b = "jsb-b-" + suffix;
        BenchNetwork n = new BenchNetwork(a, b, InetAddress.getByName("10.231.0.1"), InetAddress.getByName("10.231.0.2"));
        try {
            n.run("ip", "netns", "add", a);
            n.created.add(a);
            n.run("ip", "netns", "add", b);
            n.created.add(b);
            n.run("ip", "link", "add", "jsbva" + suffix, "netns", a, "type", "veth", "peer", "name", "jsbvb" + suffix,
                    "netns", b);
            for (String[] side : new String[][] {{a, "jsbva" + suffix, "10.231.0.1/24"}, {b, "jsbvb" + suffix, "10.231.0.2/24"}}) {
                n.run("ip", "-n", side[0], "link", "set", "lo", "up");
                n.run("ip", "-n", side[0], "link", "set", side[1], "mtu", Integer.toString(mtu), "up");
                n.run("ip", "-n", side[0], "addr", "add", side[2], "dev", side[1]);
            }
            return n;
        } catch (IOException e) {
            n.close();
            throw e;
        }
    }

    boolean isLoopback() {
        return namespaceA == null;
    }

    String describe() {
        return isLoopback() ? "loopback" : "veth between network namespaces " + namespaceA + " and " + namespaceB;
    }

    private void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                run("ip", "netns", "del", created.get(i)); // removes the veth with it
            } catch (IOException e) {
                System.err.println("bench: could not remove namespace " + created.get(i) + ": " + e.getMessage());
            }
        }
        created.clear();
    }
}

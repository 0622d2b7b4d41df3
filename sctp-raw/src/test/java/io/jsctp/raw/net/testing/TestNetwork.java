package io.jsctp.raw.net.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jsctp.raw.net.NetworkNamespace;

import org.junit.jupiter.api.Assumptions;

/**
 * Throw-away network namespaces joined by veth pairs, for tests that need real packets.
 *
 * <pre>{@code
 * TestNetwork.assumeUsable();                       // skips (with a reason) unless root with iproute2
 * try (TestNetwork net = TestNetwork.create()) {
 *     TestNetwork.Namespace a = net.namespace("a");
 *     TestNetwork.Namespace b = net.namespace("b");
 *     net.link(a, "jsr-a0", b, "jsr-b0");
 *     a.addAddress("jsr-a0", "198.18.1.1/24");
 *     b.addAddress("jsr-b0", "fd5a:1::2/64");
 *     RawSctpSocket s = a.run(() -> RawSctpSocket.open(IpFamily.IPV4));
 * }                                                 // every namespace (and its devices) is deleted
 * }</pre>
 *
 * <p>Every name starts with {@link #PREFIX} ("jsr-"): namespaces are {@code jsr-<pid>x<n>-<name>}, and
 * device names must start with the prefix too (and fit IFNAMSIZ, 15 characters). Devices are created
 * directly inside their namespaces ({@code ip -n}), never in the host's, and deleting a namespace deletes
 * its devices, so {@link #close()} removes everything. A JVM shutdown hook also runs it, and
 * {@link #create()} first deletes namespaces left behind by test JVMs that no longer run (recognised by
 * the pid in the name); nothing without the prefix is ever touched.
 *
 * <p>Each namespace is prepared for tests: loopback up, IPv6 addresses kept when a link goes down
 * ({@code keep_addr_on_down=1}), no ICMP rate limits (so that every error a test provokes arrives), and
 * DAD off ({@code accept_dad=0}; addresses are added with {@code nodad} as well).
 */
public final class TestNetwork implements AutoCloseable {
    /** The prefix of every namespace and device this class creates or deletes. */
    public static final String PREFIX = "jsr-";

    private static final Pattern OWNED_NAME = Pattern.compile("^" + Pattern.quote(PREFIX) + "(\\d+)x(\\d+)-.*");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();
    private static final Set<TestNetwork> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<TestNetwork> left;
            synchronized (OPEN) {
                left = new ArrayList<>(OPEN);
            }
            for (TestNetwork n : left) {
                n.close();
            }
        }, "jsr-testnetwork-cleanup"));
    }

    private final String id;
    private final List<Namespace> namespaces = new ArrayList<>();
    private boolean closed;

    private TestNetwork(String id) {
        this.id = id;
    }

    /**
     * Skips the calling test unless it runs as root on a machine with {@code ip} (iproute2), saying why:
     * namespaces and raw sockets need CAP_SYS_ADMIN and CAP_NET_RAW.
     */
    public static void assumeUsable() {
        Assumptions.assumeTrue(isRoot(), "needs root (CAP_SYS_ADMIN for network namespaces, CAP_NET_RAW for raw"
                + " sockets); running as uid " + uid());
        Assumptions.assumeTrue(hasCommand("ip"), "needs iproute2's ip command on the PATH");
    }

    /** Skips the calling test unless nftables' {@code nft} is available. */
    public static void assumeNft() {
        Assumptions.assumeTrue(hasCommand("nft"), "needs nftables' nft command on the PATH");
    }

    /** True if the effective uid is 0. */
    public static boolean isRoot() {
        return uid() == 0;
    }

    private static long uid() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]); // real, effective, saved, fs
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** True if {@code name} is an executable on the PATH (or in /sbin, /usr/sbin). */
    public static boolean hasCommand(String name) {
        return findCommand(name) != null;
    }

    private static String findCommand(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Paths.get(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** A new, empty test network; deletes namespaces left behind by dead test JVMs first. */
    public static TestNetwork create() {
        removeStale();
        TestNetwork n = new TestNetwork(PREFIX + PID + "x" + COUNTER.incrementAndGet());
        OPEN.add(n);
        return n;
    }

    /** The common prefix of this network's namespace names, e.g. {@code jsr-4242x1}. */
    public String id() {
        return id;
    }

    /**
     * Creates namespace {@code <id>-<shortName>} and prepares it (see the class comment).
     */
    public synchronized Namespace namespace(String shortName) {
        checkOpen();
        if (!shortName.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("short name must be 1-12 lowercase letters or digits: " + shortName);
        }
        Namespace ns = new Namespace(id + "-" + shortName);
        run("ip", "netns", "add", ns.name);
        namespaces.add(ns);
        ns.ip("link", "set", "lo", "up");
        ns.sysctl("net.ipv6.conf.all.keep_addr_on_down", "1");
        ns.sysctl("net.ipv6.conf.default.keep_addr_on_down", "1");
        ns.sysctl("net.ipv6.conf.all.accept_dad", "0");
        ns.sysctl("net.ipv6.conf.default.accept_dad", "0");
        ns.sysctl("net.ipv4.icmp_ratelimit", "0");
        ns.sysctl("net.ipv6.icmp.ratelimit", "0");
        return ns;
    }

    /**
     * Joins two namespaces with a veth pair, {@code devA} in {@code a} and {@code devB} in {@code b}, both up.
     */
    public synchronized void link(Namespace a, String devA, Namespace b, String devB) {
        checkOpen();
        checkDevice(devA);
        checkDevice(devB);
        a.ip("link", "add", devA, "type", "veth", "peer", "name", devB, "netns", b.name);
        a.ip("link", "set", devA, "up");
        b.ip("link", "set", devB, "up");
    }

    /** Deletes every namespace of this network (and so their devices). Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            String name = namespaces.get(i).name;
            try {
                run("ip", "netns", "del", name);
            } catch (RuntimeException e) {
                System.err.println("TestNetwork: could not delete namespace " + name + ": " + e.getMessage());
            }
        }
        namespaces.clear();
        OPEN.remove(this);
    }

    /** Names of the namespaces that exist now and carry the prefix. */
    public static List<String> existingNamespaces() {
        List<String> names = new ArrayList<>();
        Path dir = NetworkNamespace.NETNS_RUN_DIR;
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (var stream = Files.list(dir)) {
            stream.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX)).sorted().forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Deletes prefixed namespaces whose creating JVM (the pid in the name) is gone. Names without our
     * exact pattern are left alone even if they carry the prefix.
     */
    public static void removeStale() {
        for (String name : existingNamespaces()) {
            Matcher m = OWNED_NAME.matcher(name);
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (pid != PID && ProcessHandle.of(pid).isEmpty()) {
                try {
                    run("ip", "netns", "del", name);
                } catch (RuntimeException e) {
                    System.err.println("TestNetwork: could not delete stale namespace " + name + ": " + e.getMessage());
                }
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("test network " + id + " is closed");
        }
    }

    private static void checkDevice(String dev) {
        if (!dev.startsWith(PREFIX) || dev.length() > 15) {
            throw new IllegalArgumentException("device names must start with " + PREFIX + " and have at most 15"
                    + " characters (IFNAMSIZ): " + dev);
        }
    }

    /** Runs a command, returns its standard output; throws with its output if it fails or hangs. */
    public static String run(String... command) {
        return runWithInput(null, command);
    }

    /** Runs a command with {@code input} on its standard input. */
    public static String runWithInput(String input, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(false);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outReader = pump(p.getInputStream(), out);
            Thread errReader = pump(p.getErrorStream(), err);
            try (OutputStream stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            outReader.join();
            errReader.join();
            String stdout = out.toString(StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("command failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + stdout + err.toString(StandardCharsets.UTF_8));
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        }, "jsr-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One namespace of a {@link TestNetwork}. */
    public final class Namespace {
        private final String name;
        private final NetworkNamespace netns;

        private Namespace(String name) {
            this.name = name;
            this.netns = NetworkNamespace.of(name);
        }

        /** The full name, e.g. {@code jsr-4242x1-a}. */
        public String name() {
            return name;
        }

        /** The namespace for {@link NetworkNamespace#run} and friends. */
        public NetworkNamespace netns() {
            return netns;
        }

        /** Runs {@code task} on a thread inside this namespace (see {@link NetworkNamespace#run}). */
        public <T> T run(Callable<T> task) throws Exception {
            return netns.run(task);
        }

        /** {@code ip -n <name> args...}. */
        public String ip(String... args) {
            List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
            cmd.addAll(Arrays.asList(args));
            return TestNetwork.run(cmd.toArray(new String[0]));
        }

        /** {@code ip netns exec <name> command...}. */
        public String exec(String... command) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
            cmd.addAll(Arrays.asList(command));
            return TestNetwork.run(cmd.toArray(new String[0]));
        }

        /** Sets a sysctl inside this namespace. */
        public void sysctl(String key, String value) {
            exec("sysctl", "-q", "-w", key + "=" + value);
        }

        /**
         * Adds an address in CIDR notation to {@code dev}; IPv6 addresses get {@code nodad} so that they
         * are usable at once instead of after duplicate address detection.
         */
        public void addAddress(String dev, String cidr) {
            Objects.requireNonNull(cidr, "cidr");
            if (cidr.contains(":")) {
                ip("-6", "addr", "add", cidr, "dev", dev, "nodad");
            } else {
                ip("addr", "add", cidr, "dev", dev);
            }
        }

        /** Sets the MTU of {@code dev}. */
        public void mtu(String dev, int mtu) {
            ip("link", "set", dev, "mtu", Integer.toString(mtu));
        }

        /** {@code ip route add <args>}; ip infers the family from the addresses in the arguments. */
        public void route(String... args) {
            List<String> cmd = new ArrayList<>(List.of("route", "add"));
            cmd.addAll(Arrays.asList(args));
            ip(cmd.toArray(new String[0]));
        }

        /** Turns on IPv4 and IPv6 forwarding, for a router between two other namespaces. */
        public void enableForwarding() {
            sysctl("net.ipv4.ip_forward", "1");
            sysctl("net.ipv6.conf.all.forwarding", "1");
        }

        /** Loads an nftables ruleset (the text of an {@code nft -f} file) into this namespace. */
        public void nft(String ruleset) {
            List<String> cmd = List.of("ip", "netns", "exec", name, "nft", "-f", "-");
            TestNetwork.runWithInput(ruleset, cmd.toArray(new String[0]));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

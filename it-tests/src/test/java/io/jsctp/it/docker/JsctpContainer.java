package io.jsctp.it.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A container from the jsctp image with the least privileges jsctp needs: every capability
 * dropped, then {@code NET_RAW} added back (raw IP sockets for protocol 132), and {@code
 * NET_ADMIN} only on request (for tests that change interfaces or nftables rules inside the
 * container). The same as {@code docker run --cap-drop ALL --cap-add NET_RAW}.
 *
 * <p>Made by {@link DockerSupport#jsctp()}; choose what it runs with {@link #runningJsctp},
 * {@link #runningShell} or {@link #idle}, put it on networks with {@link #onNetwork}, then {@code
 * start()}. The container runs under Docker's init (tini), so processes that tests start with
 * {@code exec} and stop again are reaped instead of lingering as zombies.
 */
public final class JsctpContainer extends GenericContainer<JsctpContainer> {

    /** Bit numbers from linux/capability.h, to check what a container really has. */
    public static final long CAP_NET_ADMIN = 1L << 12;

    public static final long CAP_NET_RAW = 1L << 13;

    /** The directory in the image meant for captures and other files tests copy out. */
    public static final String CAPTURES = "/captures";

    private static final String PROBE_RESOURCE = "io/jsctp/it/docker/rawsctp.pl";

    private record Attachment(Network network, List<String> aliases) {}

    private boolean netRaw = true;
    private boolean netAdmin;
    private String[] entrypoint;
    private Network primaryNetwork;
    private final List<Attachment> extraNetworks = new ArrayList<>();

    JsctpContainer(DockerImageName image) {
        super(image);
        // The images are built locally by docker/build-images.sh; there is no registry to pull
        // from, and a pull attempt would only turn "not built" into a confusing network error.
        withImagePullPolicy(name -> false);
        withLabel(DockerSupport.LABEL, "true");
        withCreateContainerCmdModifier(this::applyCreateOptions);
        withStartupTimeout(Duration.ofSeconds(60));
    }

    // --- privileges -------------------------------------------------------------------------

    /** Also grant NET_ADMIN (interfaces, routes, nftables inside the container's namespace). */
    public JsctpContainer withNetAdmin() {
        netAdmin = true;
        return self();
    }

    /** Withhold NET_RAW too: no capabilities at all, to show what then fails and how. */
    public JsctpContainer withoutNetRaw() {
        netRaw = false;
        return self();
    }

    private void applyCreateOptions(CreateContainerCmd cmd) {
        List<Capability> add = new ArrayList<>();
        if (netRaw) {
            add.add(Capability.NET_RAW);
        }
        if (netAdmin) {
            add.add(Capability.NET_ADMIN);
        }
        HostConfig host = Objects.requireNonNull(cmd.getHostConfig(), "host config");
        host.withCapDrop(Capability.ALL).withCapAdd(add.toArray(new Capability[0])).withInit(true);
        if (entrypoint != null) {
            cmd.withEntrypoint(entrypoint);
        }
    }

    // --- what it runs -----------------------------------------------------------------------

    /** Run the jsctp command line with these arguments (the image's entrypoint is {@code jsctp}). */
    public JsctpContainer runningJsctp(String... args) {
        entrypoint = null;
        return withCommand(args);
    }

    /** Run a shell script instead of jsctp (for tools such as tcpdump, ip, nft). */
    public JsctpContainer runningShell(String script) {
        entrypoint = new String[] {"/bin/sh", "-c"};
        // As one argument: withCommand(String) would split the script at every blank.
        return withCommand(new String[] {script});
    }

    /** Run nothing but wait, so that the test drives everything with {@code exec}. */
    public JsctpContainer idle() {
        entrypoint = new String[] {"sleep"};
        return withCommand("infinity");
    }

    /**
     * For a command that is meant to finish (e.g. {@code jsctp --help}): {@code start()} then
     * waits until it has exited, and fails unless it exited with status 0.
     */
    public JsctpContainer runsToCompletion(Duration timeout) {
        return withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(timeout));
    }

    /**
     * Copy the {@code rawsctp} probe into the container as {@code /usr/local/bin/rawsctp}: a small
     * Perl script that opens raw proto-132 sockets, sends one SCTP DATA packet and receives one, as
     * an independent check of the container plumbing (see src/test/resources).
     */
    public JsctpContainer withRawSctpProbe() {
        return withCopyToContainer(
                MountableFile.forClasspathResource(PROBE_RESOURCE, 0755), "/usr/local/bin/rawsctp");
    }

    // --- networks ---------------------------------------------------------------------------

    /**
     * Attach the container to a network, reachable there under the given names. May be called
     * for several networks (multi-homing): the first becomes the one the container is created
     * on, the others are connected before the container starts, so its command sees every
     * interface and address from its first instruction on.
     */
    public JsctpContainer onNetwork(Network network, String... aliases) {
        Objects.requireNonNull(network, "network");
        if (primaryNetwork == null) {
            primaryNetwork = network;
            withNetwork(network);
            withNetworkAliases(aliases);
        } else {
            extraNetworks.add(new Attachment(network, List.of(aliases)));
        }
        return self();
    }

    @Override
    protected void containerIsCreated(String containerId) {
        // Created but not started: Docker sets up every endpoint when the container starts.
        for (Attachment extra : extraNetworks) {
            DockerSupport.client()
                    .connectToNetworkCmd()
                    .withContainerId(containerId)
                    .withNetworkId(extra.network().getId())
                    .withContainerNetwork(new ContainerNetwork().withAliases(extra.aliases()))
                    .exec();
        }
        super.containerIsCreated(containerId);
    }

    /** The container's IPv4 address on that network. */
    public String ipv4On(Network network) {
        String address = endpoint(network).getIpAddress();
        if (address == null || address.isEmpty()) {
            throw new IllegalStateException("no IPv4 address on network " + network.getId());
        }
        return address;
    }

    /** The container's global IPv6 address on that network (a dual-stack network). */
    public String ipv6On(Network network) {
        String address = endpoint(network).getGlobalIPv6Address();
        if (address == null || address.isEmpty()) {
            throw new IllegalStateException(
                    "no IPv6 address on network " + network.getId() + " (not dual-stack?)");
        }
        return address;
    }

    private ContainerNetwork endpoint(Network network) {
        // Inspect afresh: getContainerInfo() is a snapshot from start-up.
        InspectContainerResponse info = getCurrentContainerInfo();
        Map<String, ContainerNetwork> networks = info.getNetworkSettings().getNetworks();
        for (ContainerNetwork endpoint : networks.values()) {
            if (network.getId().equals(endpoint.getNetworkID())) {
                return endpoint;
            }
        }
        throw new IllegalStateException(
                "container " + getContainerId() + " is not on network " + network.getId());
    }

    // --- exec -------------------------------------------------------------------------------

    /** Run a command in the container as root (with the container's capabilities only). */
    public ExecResult exec(String... command) {
        return execAs("root", command);
    }

    /** Run a command in the container as the given user. */
    public ExecResult execAs(String user, String... command) {
        try {
            return execInContainerWithUser(user, command);
        } catch (IOException e) {
            throw new UncheckedIOException("exec " + Arrays.toString(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: exec " + Arrays.toString(command), e);
        }
    }

    /** Run a command that must succeed; returns its standard output. */
    public String execOk(String... command) {
        ExecResult result = exec(command);
        if (result.getExitCode() != 0) {
            throw new AssertionError(
                    "in "
                            + getContainerName()
                            + ": "
                            + String.join(" ", command)
                            + " exited "
                            + result.getExitCode()
                            + "\nstdout: "
                            + result.getStdout()
                            + "\nstderr: "
                            + result.getStderr());
        }
        return result.getStdout();
    }

    /**
     * Start a command in the background, its output (both streams) going to {@code logFile} in the
     * container, and return its pid. {@code exec} itself returns at once.
     */
    public int startInBackground(String user, String logFile, String... command) {
        // sh -c SCRIPT NAME ARGS...: NAME becomes $0, the log file $1, the command the rest;
        // "$@" hands the command over with every argument intact, whatever it contains.
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "/bin/sh",
                                "-c",
                                "log=$1; shift; \"$@\" >\"$log\" 2>&1 </dev/null & echo $!",
                                "jsctp-bg",
                                logFile));
        argv.addAll(Arrays.asList(command));
        ExecResult result = execAs(user, argv.toArray(new String[0]));
        if (result.getExitCode() != 0) {
            throw new AssertionError("could not start " + Arrays.toString(command) + ": " + result);
        }
        return Integer.parseInt(result.getStdout().trim());
    }

    /**
     * Wait until a file in the container contains {@code text}; return the file's content. Fails
     * with the content seen last when the time is up.
     */
    public String awaitFileContains(String path, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String content = "";
        while (true) {
            ExecResult result = exec("cat", path);
            if (result.getExitCode() == 0) {
                content = result.getStdout();
                if (content.contains(text)) {
                    return content;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "after " + timeout + ", " + path + " in " + getContainerName()
                                + " still lacks '" + text + "'; it holds:\n" + content
                                + (result.getExitCode() != 0 ? result.getStderr() : ""));
            }
            sleep(100);
        }
    }

    /**
     * The effective capability set of the container's first process, read from the kernel
     * ({@code CapEff} in /proc/1/status): what the container really got, not what was asked for.
     */
    public long effectiveCapabilities() {
        String status = execOk("cat", "/proc/1/status");
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
            }
        }
        throw new AssertionError("no CapEff line in /proc/1/status:\n" + status);
    }

    // --- captures and copies ------------------------------------------------------------------

    /**
     * Start tcpdump on an interface of this container, writing {@code /captures/NAME.pcap}, and
     * return once it is capturing. It runs as the user {@code tcpdump}: started as root, Debian's
     * tcpdump would switch to that user itself, which needs CAP_SETUID and CAP_SETGID that a
     * least-privilege container lacks; the image gives tcpdump CAP_NET_RAW as a file capability
     * instead, which the container's NET_RAW bounds (no capture without NET_RAW).
     */
    public Capture startCapture(String iface, String filter, String name) {
        String pcap = CAPTURES + "/" + name + ".pcap";
        String log = CAPTURES + "/" + name + ".tcpdump.log";
        // --immediate-mode: hand each packet to tcpdump as it arrives; by default the kernel
        // batches them for up to a second, and a capture stopped in that second loses them.
        // -U: write each packet to the file at once, so the file can be read while capturing.
        // -w -: to stdout; naming the file would make tcpdump chown it (CAP_CHOWN).
        ExecResult started =
                execAs(
                        "tcpdump",
                        "/bin/sh",
                        "-c",
                        "tcpdump --immediate-mode -U -n -i \"$1\" -w - \"$2\" >\"$3\" 2>\"$4\" </dev/null & echo $!",
                        "jsctp-capture",
                        iface,
                        filter,
                        pcap,
                        log);
        if (started.getExitCode() != 0) {
            throw new AssertionError("could not start tcpdump: " + started);
        }
        int pid = Integer.parseInt(started.getStdout().trim());
        // tcpdump says "listening on IFACE" once its socket is open; a packet sent earlier
        // would be missed. If it fails instead, its log says why.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            String text = exec("cat", log).getStdout();
            if (text.contains("listening on")) {
                return new Capture(pid, pcap, log);
            }
            // Probe as the same user: root without CAP_KILL may not even signal 0 to it.
            if (execAs("tcpdump", "kill", "-0", String.valueOf(pid)).getExitCode() != 0
                    || System.nanoTime() > deadline) {
                throw new AssertionError("tcpdump did not start capturing on " + iface + ":\n" + text);
            }
            sleep(100);
        }
    }

    /** A running tcpdump in this container. */
    public final class Capture {
        private final int pid;
        private final String pcap;
        private final String log;

        private Capture(int pid, String pcap, String log) {
            this.pid = pid;
            this.pcap = pcap;
            this.log = log;
        }

        /**
         * Wait until the capture holds at least {@code count} packets; returns what it holds. Use
         * it before {@link #stopAndCopyTo} when the test knows what must have been captured: a
         * packet still on its way to tcpdump when it is stopped is lost.
         */
        public PcapFile awaitPackets(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String problem = "";
            while (true) {
                byte[] bytes = copyFileFromContainer(pcap, in -> in.readAllBytes());
                try {
                    PcapFile file = PcapFile.parse(bytes, pcap);
                    if (file.datagrams().size() >= count) {
                        return file;
                    }
                    problem = file.datagrams().size() + " packets";
                } catch (IOException e) {
                    // tcpdump may be half-way through writing a record: read again.
                    problem = e.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "capture " + pcap + " did not reach " + count + " packets within "
                                    + timeout + " (" + problem + "); tcpdump: " + log());
                }
                sleep(100);
            }
        }

        /**
         * Stop tcpdump (SIGINT, so that it flushes and prints its counts), wait for it to exit and
         * copy the pcap into {@code dir}. Returns the copied file.
         */
        public Path stopAndCopyTo(Path dir) {
            // Same user: without CAP_KILL even root may not signal another user's process.
            execAs("tcpdump", "kill", "-INT", String.valueOf(pid));
            // Its last words: "N packet(s) captured", singular for one.
            awaitFileContains(log, "captured", Duration.ofSeconds(15));
            return copyOut(pcap, dir.resolve(Path.of(pcap).getFileName()));
        }

        /** What tcpdump printed (start-up line, and the counts once stopped). */
        public String log() {
            return exec("cat", log).getStdout();
        }
    }

    /** Copy a file out of the container (running or stopped) to {@code target}; returns it. */
    public Path copyOut(String containerPath, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            copyFileFromContainer(containerPath, target.toString());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + containerPath + " out of " + getContainerName(), e);
        }
    }

    /** Exit status of the container's command, once it has finished. */
    public long exitCode() {
        Long code = getCurrentContainerInfo().getState().getExitCodeLong();
        return code == null ? -1 : code;
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}

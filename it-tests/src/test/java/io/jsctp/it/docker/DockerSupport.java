package io.jsctp.it.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network.Ipam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * What every container test needs: a verdict on whether Docker tests can run here at all, a
 * Testcontainers set-up that works on the project's machines, networks, and jsctp containers.
 *
 * <p>A container test class carries {@link DockerTest}: when no Docker engine answers or the
 * {@code jsctp:latest} image has not been built, each of its tests is reported <em>skipped with
 * the reason</em>, so a machine without Docker neither fails nor falsely passes. Setting {@code
 * JSCTP_REQUIRE_DOCKER=1} (or {@code -Djsctp.requireDocker=true}) turns that skip into a failure,
 * for a CI that must not lose its container tests quietly.
 *
 * <p>The images come from {@code docker/build-images.sh}; the engine from {@code
 * scripts/ensure-docker.sh}.
 */
public final class DockerSupport {

    /** The image under test; {@code -Djsctp.it.image=...} picks another build. */
    public static final String IMAGE = System.getProperty("jsctp.it.image", "jsctp:latest");

    /** Label on every network and container these tests create, to find leftovers by. */
    public static final String LABEL = "io.jsctp.it";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why Testcontainers could not be set up for this JVM, or null when it could. */
    private static String configurationProblem;

    private static boolean configured;

    /** Cached outcome of {@link #whyNotReady()}: empty when ready. */
    private static Optional<String> verdict;

    /** Docker API version Testcontainers 2.0.2 asks for unless told otherwise. */
    private static final String TESTCONTAINERS_DEFAULT_API = "1.44";

    private DockerSupport() {}

    /**
     * For the {@code @BeforeAll} of a {@link DockerTest} class: returns when containers can run,
     * and fails with the reason otherwise. {@link DockerTest} has already skipped the class when
     * Docker is missing, unless {@code JSCTP_REQUIRE_DOCKER} asked for a failure instead; this
     * gives that failure a clear message rather than a Testcontainers stack trace.
     *
     * <p>Do not use a JUnit assumption in {@code @BeforeAll}: Maven Surefire 3.5 reports a class
     * aborted there as "Tests run: 0", neither skipped nor failed, which is exactly the silent
     * pass to avoid.
     */
    public static void requireReady() {
        String reason = whyNotReady();
        if (reason != null) {
            Assertions.fail("container tests cannot run: " + reason);
        }
        warnIfImageOlderThanJar();
    }

    /**
     * For a single test method (or {@code @BeforeEach}): skips that test with the reason unless
     * containers can run here, or fails it when {@code JSCTP_REQUIRE_DOCKER} is set.
     */
    public static void assumeReady() {
        String reason = whyNotReady();
        if (reason == null) {
            return;
        }
        if (dockerRequired()) {
            Assertions.fail("Docker is required (JSCTP_REQUIRE_DOCKER) but " + reason);
        }
        Assumptions.abort("container test skipped: " + reason);
    }

    /**
     * Null when container tests can run here, else a sentence saying why not and what to do.
     * Decided once per JVM: an engine that answered for the first test class is assumed to stay.
     */
    public static synchronized String whyNotReady() {
        if (verdict == null) {
            configureTestcontainers();
            verdict = Optional.ofNullable(findProblem());
        }
        return verdict.orElse(null);
    }

    private static String findProblem() {
        if (configurationProblem != null) {
            return configurationProblem;
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return "no Docker engine answers (run scripts/ensure-docker.sh)";
        }
        try {
            client().inspectImageCmd(IMAGE).exec();
        } catch (NotFoundException e) {
            return "image " + IMAGE + " does not exist (build it with docker/build-images.sh)";
        }
        return null;
    }

    /** Whether a missing Docker must fail the tests instead of skipping them. */
    static boolean dockerRequired() {
        String env = System.getenv("JSCTP_REQUIRE_DOCKER");
        return "1".equals(env)
                || "true".equalsIgnoreCase(env)
                || Boolean.getBoolean("jsctp.requireDocker");
    }

    /**
     * Sets Testcontainers up for the project's machines. Idempotent; called by everything here.
     *
     * <p>Two facts of Testcontainers 2.0.2 drive this (both read from its byte code, not guessed):
     *
     * <ul>
     *   <li>Ryuk, its clean-up container, must be off: its image cannot be pulled here, as no
     *       registry is reachable. Testcontainers reads {@code TESTCONTAINERS_RYUK_DISABLED} only
     *       from the environment ({@code System.getenv} in {@code ResourceReaper.instance()}); no
     *       system property and no properties file is consulted. The Maven build sets the variable
     *       (it-tests/pom.xml, surefire {@code environmentVariables}, which IDEs importing the
     *       project also apply). For any other launcher this method installs the same reaper the
     *       variable would select, Testcontainers' JVM-shutdown-hook reaper, before Testcontainers
     *       creates one; that reaper removes this JVM's containers and networks when it exits.
     *   <li>{@code TESTCONTAINERS_HOST_OVERRIDE} is likewise read from the environment only. It
     *       matters only for ports published to the host ({@code getHost()}): these machines have
     *       a {@code /.dockerenv}, so without it Testcontainers believes it runs inside a
     *       container and answers with the bridge gateway instead of localhost. The container
     *       tests talk container to container and do not depend on it.
     *   <li>It speaks Docker API 1.44 unless docker-java is given another version, but Debian 12's
     *       docker.io (20.10) answers at most 1.41 and rejects 1.44 with "client version 1.44 is
     *       too new". This method asks the engine for its version (one HTTP request on the Unix
     *       socket) and, when it is older than 1.44, sets docker-java's {@code api.version}
     *       system property to it. An explicit {@code -Dapi.version} or {@code DOCKER_API_VERSION}
     *       wins; a newer engine is left to the default (Docker 29 refuses versions below 1.44,
     *       so no fixed older version would do everywhere).
     * </ul>
     */
    public static synchronized void configureTestcontainers() {
        if (configured) {
            return;
        }
        configured = true;
        pinApiVersionForOlderEngines();
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return;
        }
        try {
            Class<?> reaperClass = Class.forName("org.testcontainers.utility.ResourceReaper");
            Field instance = reaperClass.getDeclaredField("instance");
            instance.setAccessible(true);
            if (instance.get(null) == null) {
                Constructor<?> hookReaper =
                        Class.forName("org.testcontainers.utility.JVMHookResourceReaper")
                                .getDeclaredConstructor();
                hookReaper.setAccessible(true);
                instance.set(null, hookReaper.newInstance());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A newer Testcontainers may have moved these internals: say exactly what to set.
            configurationProblem =
                    "Testcontainers would start Ryuk, whose image cannot be pulled here; set the"
                            + " environment variable TESTCONTAINERS_RYUK_DISABLED=true ("
                            + e + ")";
        }
    }

    private static void pinApiVersionForOlderEngines() {
        if (System.getProperty("api.version") != null || System.getenv("DOCKER_API_VERSION") != null) {
            return;
        }
        Path socket = EngineVersion.unixSocket();
        if (socket == null) {
            return; // a TCP engine: leave the choice to Testcontainers
        }
        String engineApi = EngineVersion.apiVersion(socket, Duration.ofSeconds(5));
        if (engineApi != null && EngineVersion.compare(engineApi, TESTCONTAINERS_DEFAULT_API) < 0) {
            System.setProperty("api.version", engineApi);
        }
    }

    /** A new jsctp container; see {@link JsctpContainer} for capabilities and networks. */
    public static JsctpContainer jsctp() {
        configureTestcontainers();
        return new JsctpContainer(DockerImageName.parse(IMAGE));
    }

    /**
     * A new user-defined bridge network (IPv4 only) named {@code jsctp-it-PURPOSE-RANDOM}. Docker
     * creates it on first use; close it after the containers on it.
     */
    public static Network newNetwork(String purpose) {
        configureTestcontainers();
        String name = networkName(purpose);
        return Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withName(name).withLabels(Map.of(LABEL, "true")))
                .build();
    }

    /**
     * A new user-defined bridge network with IPv4 and IPv6, for multi-homing across both families.
     * The IPv6 prefix is a random unique-local /64 (RFC 4193): two tests running at once on one
     * engine cannot pick the same one in practice, and nothing outside this machine routes it.
     */
    public static Network newDualStackNetwork(String purpose) {
        configureTestcontainers();
        String name = networkName(purpose);
        byte[] globalId = new byte[5];
        RANDOM.nextBytes(globalId);
        String prefix =
                String.format(
                        Locale.ROOT,
                        "fd%02x:%02x%02x:%02x%02x::/64",
                        globalId[0],
                        globalId[1],
                        globalId[2],
                        globalId[3],
                        globalId[4]);
        return Network.builder()
                .enableIpv6(true)
                .createNetworkCmdModifier(
                        cmd ->
                                cmd.withName(name)
                                        .withLabels(Map.of(LABEL, "true"))
                                        .withIpam(
                                                new Ipam()
                                                        .withConfig(
                                                                new Ipam.Config()
                                                                        .withSubnet(prefix))))
                .build();
    }

    private static String networkName(String purpose) {
        if (!purpose.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException(
                    "network purpose must be 1-31 lower-case letters, digits or '-': " + purpose);
        }
        return String.format(Locale.ROOT, "jsctp-it-%s-%06x", purpose, RANDOM.nextInt(1 << 24));
    }

    /**
     * The directory for files a test copies out of its containers (pcaps, logs):
     * {@code target/docker-artifacts/TESTCLASS}, created if needed. The Maven build passes the
     * absolute target directory; elsewhere it is taken relative to the working directory, which
     * IDEs set to the module.
     */
    public static Path artifactDir(Class<?> testClass) {
        Path root =
                Paths.get(
                        System.getProperty(
                                "jsctp.it.artifacts",
                                Paths.get("target", "docker-artifacts").toString()));
        Path dir = root.resolve(testClass.getSimpleName()).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Closes containers and networks in the order given, ignoring nulls (a test skipped in {@code
     * @BeforeAll} has nothing started), and goes on after a failure so that nothing is left
     * behind; the first failure is rethrown at the end.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("could not close " + resource, e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /**
     * A jar rebuilt after the image would be tested in its old version without anyone noticing;
     * say so loudly (it is not a reason to skip: the image may still be the one wanted).
     */
    private static void warnIfImageOlderThanJar() {
        Path jar = Paths.get("..", "sctp-raw", "target", "jsctp.jar");
        if (!Files.isRegularFile(jar)) {
            return;
        }
        try {
            InspectImageResponse image = client().inspectImageCmd(IMAGE).exec();
            Instant built = Instant.parse(image.getCreated());
            Instant jarTime = Files.getLastModifiedTime(jar).toInstant();
            if (jarTime.isAfter(built)) {
                System.err.printf(
                        "WARNING: %s was built at %s, before %s (%s); run docker/build-images.sh%n",
                        IMAGE, built, jar.normalize(), jarTime);
            }
        } catch (IOException | RuntimeException e) { // RuntimeException covers DateTimeParseException
            System.err.println("WARNING: could not compare " + IMAGE + " with " + jar + ": " + e);
        }
    }
}

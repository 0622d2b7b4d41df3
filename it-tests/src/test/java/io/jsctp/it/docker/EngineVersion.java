package io.jsctp.it.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a local Docker engine which API version it speaks, before any Docker client library is
 * set up (see {@link DockerSupport#configureTestcontainers()} for why that matters). One HTTP/1.0
 * request on the Unix socket; the engine names its version in the {@code Api-Version} header of
 * every response.
 */
final class EngineVersion {

    private static final Pattern API_VERSION_HEADER =
            Pattern.compile("(?im)^Api-Version:\\s*([0-9]+\\.[0-9]+)\\s*$");

    private EngineVersion() {}

    /** The engine's Unix socket from DOCKER_HOST, or the default one; null for TCP engines. */
    static Path unixSocket() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            Path standard = Path.of("/var/run/docker.sock");
            return Files.exists(standard) ? standard : null;
        }
        URI uri = URI.create(host);
        return "unix".equals(uri.getScheme()) ? Path.of(uri.getPath()) : null;
    }

    /**
     * The API version the engine behind {@code socket} speaks, e.g. "1.41", or null when it cannot
     * be asked (no engine, no permission, no answer within {@code timeout}). Null is harmless: the
     * readiness check that follows reports the engine as unavailable with its own reason.
     */
    static String apiVersion(Path socket, Duration timeout) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        // Channels have no read timeout; a helper thread reads and closing the channel on
        // time-out ends it.
        CompletableFuture<String> answer =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                channel.connect(UnixDomainSocketAddress.of(socket));
                                channel.write(
                                        ByteBuffer.wrap(
                                                "GET /version HTTP/1.0\r\nHost: docker\r\n\r\n"
                                                        .getBytes(StandardCharsets.US_ASCII)));
                                ByteArrayOutputStream response = new ByteArrayOutputStream();
                                ByteBuffer buffer = ByteBuffer.allocate(4096);
                                // HTTP/1.0: the engine closes the connection after its answer.
                                while (channel.read(buffer) >= 0 && response.size() < 65536) {
                                    response.write(buffer.array(), 0, buffer.position());
                                    buffer.clear();
                                }
                                return response.toString(StandardCharsets.US_ASCII);
                            } catch (IOException e) {
                                return "";
                            }
                        });
        try {
            Matcher m = API_VERSION_HEADER.matcher(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            return m.find() ? m.group(1) : null;
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing is only to end a stuck read; nothing to report.
            }
        }
    }

    /** Compares dotted API versions numerically ("1.9" < "1.41"). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }
}

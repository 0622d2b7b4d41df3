package io.jsctp.socket;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Which SCTP ports this process holds, shared with other jsctp processes on the same host through
 * lock files: a port is taken by holding an advisory lock on {@code <dir>/<port>.lock}.
 *
 * <p>Every raw SCTP socket sees every SCTP packet, so without this two jsctp processes would each
 * answer the other's packets as out of the blue and tear down its associations. The lock directory is
 * per network namespace (its inode number is in the path), since ports are per namespace. A lock held
 * by a process vanishes with it, so a crash leaves nothing behind to clean up. Where no lock
 * directory can be created, the process behaves as if it were the only one.
 */
final class PortRegistry {
    /** The outcome of trying a port's lock file. */
    private enum Attempt { TAKEN, HELD_ELSEWHERE, NO_LOCKS }

    private final Path dir;
    private final Map<Integer, FileLock> held = new HashMap<>(); // value null: held without a lock file
    private FileLock lastLock;

    PortRegistry(String namespaceId) {
        Path base = Path.of("/run");
        if (!Files.isWritable(base)) {
            base = Path.of(System.getProperty("java.io.tmpdir"));
        }
        this.dir = base.resolve("jsctp").resolve(namespaceId.replaceAll("[^A-Za-z0-9_.-]", "_")).resolve("ports");
    }

    /** Takes the port for this process; false when it is already held, here or elsewhere. */
    synchronized boolean claim(int port) {
        if (held.containsKey(port)) {
            return false;
        }
        Attempt a = attempt(port);
        if (a == Attempt.HELD_ELSEWHERE) {
            return false;
        }
        held.put(port, a == Attempt.TAKEN ? lastLock : null);
        return true;
    }

    synchronized void release(int port) {
        close(held.remove(port));
    }

    /** True when another process holds the port. */
    synchronized boolean heldElsewhere(int port) {
        if (held.containsKey(port)) {
            return false;
        }
        Attempt a = attempt(port);
        if (a == Attempt.TAKEN) {
            close(lastLock);
        }
        return a == Attempt.HELD_ELSEWHERE;
    }

    private Attempt attempt(int port) {
        lastLock = null;
        FileChannel ch;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(dir.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return Attempt.NO_LOCKS;
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                lastLock = lock;
                return Attempt.TAKEN;
            }
        } catch (OverlappingFileLockException e) {
            // Another stack of this JVM (in the same namespace) holds it.
        } catch (IOException e) {
            closeQuietly(ch);
            return Attempt.NO_LOCKS;
        }
        closeQuietly(ch);
        return Attempt.HELD_ELSEWHERE;
    }

    private static void close(FileLock lock) {
        if (lock != null) {
            closeQuietly(lock.channel()); // closing the channel releases the lock
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to do: the descriptor is gone either way
        }
    }
}

package io.jsctp.raw.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Linux network namespace, entered per thread so that one JVM can run code (and own sockets) in
 * several namespaces at once.
 *
 * <p>Why per thread: setns(2) with CLONE_NEWNET moves only the calling thread; every socket keeps the
 * namespace it was created in for its whole life (network_namespaces(7)). So a thread that enters a
 * namespace and then opens sockets gives sockets that send and receive in that namespace, whichever
 * thread uses them later. Anything else that opens sockets internally (java.net.NetworkInterface,
 * DatagramSocket.connect for a route lookup) also sees the namespace of the calling thread.
 *
 * <p>Beware of {@code /proc/net} and {@code /proc/self}: they name the thread-group leader, whose
 * namespace is the JVM's original one, not the calling thread's. Read {@code /proc/thread-self/net}
 * instead (this is why {@link Interfaces} reads IPv6 addresses from there).
 *
 * <p>Entering a namespace needs CAP_SYS_ADMIN (setns(2)); named namespaces are the files that
 * {@code ip netns add NAME} bind-mounts at {@code /var/run/netns/NAME}.
 */
public final class NetworkNamespace {
    /** Where iproute2 keeps named namespaces (ip-netns(8)); {@code /var/run} links to {@code /run}. */
    public static final Path NETNS_RUN_DIR = Paths.get("/var/run/netns");

    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private final String name;
    private final Path path;

    private NetworkNamespace(String name, Path path) {
        this.name = name;
        this.path = path;
    }

    /**
     * The namespace {@code ip netns add name} created. The name is checked (no slash, not "." or "..")
     * but the file is only opened when a thread enters, so a namespace may be created after this call.
     */
    public static NetworkNamespace of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a network namespace name: \"" + name + "\"");
        }
        return new NetworkNamespace(name, NETNS_RUN_DIR.resolve(name));
    }

    /**
     * A namespace given by any file that refers to one, e.g. {@code /proc/PID/ns/net} of a container's
     * process.
     */
    public static NetworkNamespace ofPath(Path path) {
        Objects.requireNonNull(path, "path");
        return new NetworkNamespace(path.toString(), path);
    }

    /** The name given to {@link #of(String)}, or the path for {@link #ofPath(Path)}. */
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /**
     * Moves the calling thread into this namespace, for good. Use it only on a thread you own (a
     * dedicated event-loop thread); a pool thread moved this way would carry the namespace into
     * unrelated work.
     *
     * @throws ErrnoException ENOENT if the namespace does not exist, EPERM without CAP_SYS_ADMIN, EINVAL
     *     if the file is not a network namespace
     */
    public void enterCurrentThread() throws ErrnoException {
        int fd = Native.C.open(path.toString(), Native.O_RDONLY | Native.O_CLOEXEC);
        if (fd < 0) {
            int err = Native.errno();
            throw new ErrnoException("open(" + path + ")", err,
                    err == Errno.ENOENT.number()
                            ? "no network namespace \"" + name + "\" (create it with: ip netns add " + name + ")"
                            : null);
        }
        try {
            if (Native.C.setns(fd, Native.CLONE_NEWNET) != 0) {
                int err = Native.errno();
                String detail = null;
                if (err == Errno.EPERM.number()) {
                    detail = "entering a network namespace needs CAP_SYS_ADMIN (or root)";
                } else if (err == Errno.EINVAL.number()) {
                    detail = path + " is not a network namespace";
                }
                throw new ErrnoException("setns(" + path + ", CLONE_NEWNET)", err, detail);
            }
        } finally {
            Native.C.close(fd);
        }
    }

    /**
     * Runs {@code task} on a new platform thread that has entered this namespace, waits for it and
     * returns its result. The thread ends afterwards, so no thread is left in the namespace. Sockets
     * created by the task stay in this namespace and may be used from any thread.
     *
     * @throws ErrnoException if the namespace cannot be entered (the task does not run)
     * @throws Exception whatever the task throws, unwrapped
     */
    public <T> T run(Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                enterCurrentThread();
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "netns-" + name + "-" + THREAD_COUNTER.incrementAndGet());
        t.setDaemon(true);
        t.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        } catch (InterruptedException e) {
            // The task keeps running on its own thread; the caller wanted to stop waiting.
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /**
     * A factory of platform threads that enter this namespace before running their task, for an event
     * loop that must live in the namespace permanently. If the namespace cannot be entered, the task
     * does not run: the thread ends with an {@link java.io.UncheckedIOException} wrapping the
     * {@link ErrnoException}, which goes to the thread's uncaught-exception handler. Prefer
     * {@link #startThread(String, Runnable)} when the caller wants that failure reported to itself.
     */
    public ThreadFactory threadFactory(String threadNamePrefix) {
        Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
        return task -> {
            Thread t = new Thread(() -> {
                try {
                    enterCurrentThread();
                } catch (ErrnoException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                task.run();
            }, threadNamePrefix + "-" + THREAD_COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts a platform thread that enters this namespace and then runs {@code body}; returns only once
     * the thread is inside the namespace, so a failure to enter is thrown here, to the caller.
     */
    public Thread startThread(String threadName, Runnable body) throws ErrnoException, InterruptedException {
        Objects.requireNonNull(body, "body");
        CompletableFuture<Void> entered = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                enterCurrentThread();
            } catch (ErrnoException e) {
                entered.completeExceptionally(e);
                return;
            }
            entered.complete(null);
            body.run();
        }, threadName);
        t.setDaemon(true);
        t.start();
        try {
            entered.get();
        } catch (ExecutionException e) {
            throw (ErrnoException) e.getCause();
        }
        return t;
    }

    /**
     * An identifier of the namespace the calling thread is in, e.g. {@code "net:[4026532281]"}, read
     * from {@code /proc/thread-self/ns/net}; two threads are in the same namespace iff the strings
     * are equal.
     */
    public static String currentThreadNamespaceId() throws IOException {
        return Files.readSymbolicLink(Paths.get("/proc/thread-self/ns/net")).toString();
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + name + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkNamespace && ((NetworkNamespace) o).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}

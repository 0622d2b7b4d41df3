package io.jsctp.raw.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The loaded C library, the Linux x86_64 constants and structure layouts the raw layer uses, and the
 * helpers that turn a failed call into an {@link ErrnoException}.
 *
 * <p>The numbers come from glibc's and the kernel's headers for x86_64 (checked against
 * {@code <sys/socket.h>}, {@code <netinet/in.h>}, {@code <linux/in6.h>}, {@code <asm-generic/socket.h>}
 * with {@code offsetof}/{@code sizeof} on the build machine). jsctp runs only on Linux x86_64;
 * {@link #checkPlatform()} refuses anything else rather than pass wrong offsets to the kernel.
 */
final class Native {
    private Native() {}

    /**
     * The few glibc functions the raw layer calls, bound with jnr-ffi.
     *
     * <p>Every function saves {@code errno} ({@link SaveError}) so that {@code Runtime.getLastError()}
     * read right after the call on the same thread gives the error of that call, not of whatever the JVM
     * did in between. Buffers are passed as {@link Pointer}s that wrap direct memory allocated once per
     * socket, so a call copies nothing and allocates nothing on the Java heap.
     *
     * <p>Public only because jnr-ffi generates the implementation in a class loader of its own, and the JVM
     * checks access on the nested interface itself; the enclosing class is package-private, so code outside
     * this package cannot name it.
     */
    public interface LibC {
        /** socket(2). */
        @SaveError
        int socket(int domain, int type, int protocol);

        /** bind(2). */
        @SaveError
        int bind(int fd, Pointer addr, int addrlen);

        /** connect(2). */
        @SaveError
        int connect(int fd, Pointer addr, int addrlen);

        /** getsockname(2); {@code addrlen} points to a socklen_t holding the buffer size on entry. */
        @SaveError
        int getsockname(int fd, Pointer addr, Pointer addrlen);

        /** close(2). */
        @SaveError
        int close(int fd);

        /** setsockopt(2). */
        @SaveError
        int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

        /** getsockopt(2); {@code optlen} points to a socklen_t. */
        @SaveError
        int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen);

        /** sendmsg(2). */
        @SaveError
        @ssize_t long sendmsg(int fd, Pointer msg, int flags);

        /** sendmmsg(2): returns how many messages were sent; -1 only if the first one failed. */
        @SaveError
        int sendmmsg(int fd, Pointer msgvec, int vlen, int flags);

        /** recvmsg(2). */
        @SaveError
        @ssize_t long recvmsg(int fd, Pointer msg, int flags);

        /** recvmmsg(2); {@code timeout} may be null. */
        @SaveError
        int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout);

        /** poll(2); {@code nfds} is an nfds_t (unsigned long). */
        @SaveError
        int poll(Pointer fds, long nfds, int timeoutMillis);

        /** eventfd(2). */
        @SaveError
        int eventfd(int initval, int flags);

        /** read(2). */
        @SaveError
        @ssize_t long read(int fd, Pointer buf, @size_t long count);

        /** write(2). */
        @SaveError
        @ssize_t long write(int fd, Pointer buf, @size_t long count);

        /**
         * fcntl(2) for the commands that take an int argument (F_GETFL, F_SETFL). fcntl is variadic; on
         * x86_64 an int in a variadic position travels in the same register as a fixed one, so binding it
         * with a fixed signature is sound.
         */
        @SaveError
        int fcntl(int fd, int cmd, int arg);

        /** setns(2). */
        @SaveError
        int setns(int fd, int nstype);

        /** open(2) without O_CREAT (the mode argument is then ignored by the kernel). */
        @SaveError
        int open(String path, int flags);

        /**
         * getifaddrs(3): glibc asks the kernel over a netlink socket it opens itself, so the answer is the
         * calling thread's network namespace. {@code ifap} points to a pointer that receives the list.
         */
        @SaveError
        int getifaddrs(Pointer ifap);

        /** freeifaddrs(3). */
        void freeifaddrs(Pointer ifa);

        /** if_nametoindex(3); 0 if there is no such interface. */
        @SaveError
        int if_nametoindex(String name);

        /** ioctl(2) with a pointer argument, for SIOCGIFMTU (netdevice(7)). */
        @SaveError
        int ioctl(int fd, long request, Pointer arg);
    }

    // --- address families and socket types: socket(2), <bits/socket.h> ---
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;

    // --- protocols: <netinet/in.h>, /etc/protocols ---
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    /** RFC 9260 §3: SCTP is IP protocol number 132. */
    static final int IPPROTO_SCTP = 132;

    // --- socket options: socket(7), <asm-generic/socket.h> ---
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    /** socket(7): a cmsg with the count of packets dropped because the receive buffer was full. */
    static final int SO_RXQ_OVFL = 40;
    static final int SOL_RAW = 255;

    // --- ip(7) ---
    static final int IP_PKTINFO = 8;
    static final int IP_MTU_DISCOVER = 10;
    static final int IP_MTU = 14;
    /** raw(7): ICMP_FILTER, a 32-bit mask of ICMP types to drop on an IPPROTO_ICMP socket. */
    static final int ICMP_FILTER = 1;

    // --- ipv6(7), <linux/in6.h> ---
    static final int IPV6_MTU_DISCOVER = 23;
    static final int IPV6_MTU = 24;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVTCLASS = 66;
    static final int IPV6_TCLASS = 67;
    /** RFC 3542 §3.2, icmp6(7): ICMP6_FILTER at level IPPROTO_ICMPV6. */
    static final int ICMP6_FILTER = 1;

    // --- send/recv flags: send(2), recv(2) ---
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    // --- poll(2) ---
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    // --- eventfd(2), open(2), fcntl(2), setns(2) ---
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int CLONE_NEWNET = 0x40000000;

    // --- netdevice(7), <net/if.h> ---
    static final long SIOCGIFMTU = 0x8921;
    static final int IFNAMSIZ = 16;
    /** struct ifreq: the name, then a union; ifr_mtu is an int at 16; 40 bytes in all. */
    static final int IFREQ_SIZE = 40;
    static final int IFF_UP = 0x1;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFF_RUNNING = 0x40;
    static final int AF_PACKET = 17;
    /** struct ifaddrs (getifaddrs(3)): next, name, flags, addr, netmask, broad/dstaddr, data. */
    static final int IFADDRS_NEXT = 0;
    static final int IFADDRS_NAME = 8;
    static final int IFADDRS_FLAGS = 16;
    static final int IFADDRS_ADDR = 24;
    static final int IFADDRS_NETMASK = 32;

    // --- structure layouts on LP64 (sizeof/offsetof measured with gcc) ---
    /** struct msghdr: 56 bytes. */
    static final int MSGHDR_NAME = 0;
    static final int MSGHDR_NAMELEN = 8;
    static final int MSGHDR_IOV = 16;
    static final int MSGHDR_IOVLEN = 24;
    static final int MSGHDR_CONTROL = 32;
    static final int MSGHDR_CONTROLLEN = 40;
    static final int MSGHDR_FLAGS = 48;
    static final int MSGHDR_SIZE = 56;
    /** struct mmsghdr: a msghdr, an unsigned msg_len at 56, padded to 64. */
    static final int MMSGHDR_LEN = 56;
    static final int MMSGHDR_SIZE = 64;
    /** struct iovec: base and length, 16 bytes. */
    static final int IOVEC_SIZE = 16;
    /** struct cmsghdr: size_t cmsg_len, int cmsg_level, int cmsg_type; data follows at 16. */
    static final int CMSG_HDR = 16;
    /** struct sockaddr_in (16 bytes) and sockaddr_in6 (28 bytes, sin6_scope_id at 24). */
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    /** struct in_pktinfo: ipi_ifindex, ipi_spec_dst, ipi_addr: 12 bytes. */
    static final int IN_PKTINFO_SIZE = 12;
    /** struct in6_pktinfo: ipi6_addr (16), ipi6_ifindex: 20 bytes. */
    static final int IN6_PKTINFO_SIZE = 20;
    /** struct pollfd: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    /** CMSG_ALIGN: control messages are aligned to sizeof(size_t) (cmsg(3)). */
    static int cmsgAlign(int len) {
        return (len + 7) & ~7;
    }

    /** CMSG_SPACE(len) from cmsg(3). */
    static int cmsgSpace(int dataLen) {
        return CMSG_HDR + cmsgAlign(dataLen);
    }

    /** CMSG_LEN(len) from cmsg(3). */
    static int cmsgLen(int dataLen) {
        return CMSG_HDR + dataLen;
    }

    static final Runtime RUNTIME;
    static final LibC C;

    static {
        checkPlatform();
        C = LibraryLoader.create(LibC.class).load("c");
        RUNTIME = Runtime.getRuntime(C);
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsupportedOperationException(
                    "jsctp's raw sockets run on Linux x86_64 only; this is " + os + " " + arch);
        }
    }

    /** The errno saved by the last call through {@link #C} on this thread. */
    static int errno() {
        return RUNTIME.getLastError();
    }

    /** An exception for the errno of the call just made. */
    static ErrnoException lastError(String operation) {
        return new ErrnoException(operation, errno());
    }

    /** An exception for the errno of the call just made, with a sentence of advice. */
    static ErrnoException lastError(String operation, String detail) {
        return new ErrnoException(operation, errno(), detail);
    }

    /**
     * A zeroed direct buffer in the machine's byte order. Such buffers never move, so their address
     * can be handed to the kernel; the garbage collector frees them once nothing refers to them, which
     * also means a view still held by a caller after {@code close()} stays valid memory.
     */
    static ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** A jnr pointer to the start of a direct buffer (not to its position). */
    static Pointer pointer(ByteBuffer direct) {
        return Pointer.wrap(RUNTIME, address(direct));
    }

    /** A jnr pointer to {@code address}. */
    static Pointer pointer(long address) {
        return Pointer.wrap(RUNTIME, address);
    }

    /** The native address of the first byte of a direct buffer. */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return com.kenai.jffi.MemoryIO.getInstance().getDirectBufferAddress(direct);
    }

    /** setsockopt with an int value, using a caller-supplied 4-byte scratch buffer. */
    static int setIntOption(int fd, int level, int name, int value, ByteBuffer scratch, Pointer scratchPtr) {
        scratch.putInt(0, value);
        return C.setsockopt(fd, level, name, scratchPtr, 4);
    }

    /** getsockopt of an int value; returns the value or throws. */
    static int getIntOption(int fd, int level, int name, String what) throws ErrnoException {
        ByteBuffer b = allocate(8);
        Pointer p = pointer(b);
        b.putInt(4, 4);
        if (C.getsockopt(fd, level, name, p, p.slice(4)) != 0) {
            throw lastError("getsockopt(" + what + ")");
        }
        return b.getInt(0);
    }
}

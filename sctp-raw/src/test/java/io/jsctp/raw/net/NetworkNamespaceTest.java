package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.jsctp.raw.net.SourceAddressResolver.Route;
import io.jsctp.raw.net.testing.TestNetwork;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Namespaces entered per thread, and what the code running there sees: its interfaces, addresses, MTUs
 * and routes, never the host's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkNamespaceTest {
    TestNetwork net;
    TestNetwork.Namespace a;
    TestNetwork.Namespace b;

    @BeforeAll
    void setUp() {
        TestNetwork.assumeUsable();
        net = TestNetwork.create();
        a = net.namespace("a");
        b = net.namespace("b");
        net.link(a, "jsr-a0", b, "jsr-b0");
        a.mtu("jsr-a0", 1400);
        a.addAddress("jsr-a0", "198.18.40.1/24");
        a.addAddress("jsr-a0", "198.18.40.11/24");
        a.addAddress("jsr-a0", "fd5a:40::1/64");
        b.addAddress("jsr-b0", "198.18.40.2/24");
        b.addAddress("jsr-b0", "198.18.41.2/24");
        b.addAddress("jsr-b0", "fd5a:40::2/64");
        // A route with its own source address and MTU, as a multi-homed host might have.
        a.route("198.18.41.0/24", "dev", "jsr-a0", "src", "198.18.40.11", "mtu", "1300");
    }

    @AfterAll
    void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    static InetAddress addr(String s) {
        return RawSctpSocketTest.addr(s);
    }

    @Test
    void runExecutesOnAThreadInsideTheNamespace() throws Exception {
        String here = NetworkNamespace.currentThreadNamespaceId();
        String inA = a.run(NetworkNamespace::currentThreadNamespaceId);
        String inB = b.run(NetworkNamespace::currentThreadNamespaceId);
        assertNotEquals(here, inA);
        assertNotEquals(inA, inB);
        assertEquals(inA, a.run(NetworkNamespace::currentThreadNamespaceId), "same namespace, same id");
        assertEquals(here, NetworkNamespace.currentThreadNamespaceId(), "the caller did not move");
    }

    @Test
    void runPassesExceptionsThrough() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.run(() -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void threadFactoryThreadsLiveInTheNamespace() throws Exception {
        String inA = a.run(NetworkNamespace::currentThreadNamespaceId);
        ExecutorService loop = Executors.newSingleThreadExecutor(a.netns().threadFactory("jsr-loop"));
        try {
            assertEquals(inA, loop.submit(NetworkNamespace::currentThreadNamespaceId).get(5, TimeUnit.SECONDS));
            // The same thread, later: still there.
            assertEquals(inA, loop.submit(NetworkNamespace::currentThreadNamespaceId).get(5, TimeUnit.SECONDS));
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void startThreadReportsTheNamespaceOrTheFailure() throws Exception {
        String inB = b.run(NetworkNamespace::currentThreadNamespaceId);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread t = b.netns().startThread("jsr-started", () -> {
            try {
                seen.complete(NetworkNamespace.currentThreadNamespaceId());
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertEquals(inB, seen.get(5, TimeUnit.SECONDS));
        t.join(5000);

        NetworkNamespace missing = NetworkNamespace.of(net.id() + "-missing");
        ErrnoException e = assertThrows(ErrnoException.class, () -> missing.startThread("x", () -> { }));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("ip netns add"), e.getMessage());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class, () -> missing.run(() -> 1)).errno());
    }

    @Test
    void aFileThatIsNotANamespaceIsRefused() {
        NetworkNamespace notNs = NetworkNamespace.ofPath(java.nio.file.Paths.get("/proc/self/status"));
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> notNs.run(() -> 1)).errno());
    }

    @Test
    void badNamesAreRejected() {
        for (String bad : new String[] {"", ".", "..", "a/b", "x\0y"}) {
            assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.of(bad), bad);
        }
        assertThrows(NullPointerException.class, () -> NetworkNamespace.of(null));
    }

    @Test
    void interfacesAreTheNamespacesOwnWithIpv4AndIpv6() throws Exception {
        List<LocalInterface> list = a.run(Interfaces::list);
        assertEquals(Set.of("lo", "jsr-a0"), list.stream().map(LocalInterface::name).collect(Collectors.toSet()));
        LocalInterface veth = list.stream().filter(i -> i.name().equals("jsr-a0")).findFirst().orElseThrow();
        assertEquals(1400, veth.mtu());
        assertTrue(veth.up());
        assertFalse(veth.loopback());
        assertTrue(veth.index() > 0);
        Set<InetAddress> addresses = veth.addresses().stream().map(LocalAddress::address).collect(Collectors.toSet());
        assertTrue(addresses.containsAll(Set.of(addr("198.18.40.1"), addr("198.18.40.11"), addr("fd5a:40::1"))),
                addresses.toString());
        for (LocalAddress la : veth.addresses()) {
            assertEquals(la.address() instanceof java.net.Inet4Address ? 24 : 64, la.prefixLength(), la.toString());
            assertEquals(1400, la.mtu());
            assertEquals(veth.index(), la.interfaceIndex());
        }
        LocalInterface lo = list.stream().filter(LocalInterface::loopback).findFirst().orElseThrow();
        assertEquals(1, lo.index());
        assertTrue(lo.addresses().stream().anyMatch(x -> x.address().isLoopbackAddress()));
        // Nothing of the host leaks in (java.net.NetworkInterface would show the host's IPv6 addresses).
        for (LocalAddress la : a.run(Interfaces::addresses)) {
            String s = la.address().getHostAddress();
            assertTrue(la.address().isLoopbackAddress() || la.address().isLinkLocalAddress()
                    || s.startsWith("198.18.40.") || s.startsWith("fd5a:40:"), "foreign address " + la);
        }
        assertEquals(veth.index(), (int) a.run(() -> Interfaces.byName("jsr-a0").orElseThrow().index()));
        assertTrue(a.run(() -> Interfaces.find(addr("fd5a:40::1"))).isPresent());
        assertTrue(a.run(() -> Interfaces.find(addr("198.18.40.2"))).isEmpty());
        assertEquals(List.of(), a.run(() -> Interfaces.addresses(IpFamily.IPV4)).stream()
                .filter(x -> !(x.address() instanceof java.net.Inet4Address)).collect(Collectors.toList()));
    }

    @Test
    void resolverGivesTheKernelsSourceAndTheRouteMtu() throws Exception {
        SourceAddressResolver resolver = new SourceAddressResolver();
        int index = a.run(() -> Interfaces.byName("jsr-a0").orElseThrow().index());

        Route r4 = a.run(() -> resolver.route(addr("198.18.40.2")));
        assertEquals(addr("198.18.40.1"), r4.source(), "the primary address of the on-link subnet");
        assertEquals(1400, r4.mtu(), "the interface MTU");
        assertEquals("jsr-a0", r4.interfaceName());
        assertEquals(index, r4.interfaceIndex());
        assertEquals(1400, r4.interfaceMtu());

        Route viaSrc = a.run(() -> resolver.route(addr("198.18.41.2")));
        assertEquals(addr("198.18.40.11"), viaSrc.source(), "the route's src attribute");
        assertEquals(1300, viaSrc.mtu(), "the route's mtu attribute");
        assertEquals(1400, viaSrc.interfaceMtu(), "the interface's own MTU");

        Route r6 = a.run(() -> resolver.route(addr("fd5a:40::2")));
        assertEquals(addr("fd5a:40::1"), r6.source());
        assertEquals(1400, r6.mtu());

        Route local = a.run(() -> resolver.route(addr("198.18.40.11")));
        // The local table's entry for a secondary address names the primary as preferred source.
        assertEquals(addr("198.18.40.1"), local.source());
        // Reached over loopback (MTU 65536), but an IPv4 route's MTU is capped at IP_MAX_MTU, 65535.
        assertEquals(65535, local.mtu());

        assertEquals(addr("198.18.40.1"), a.run(() -> resolver.sourceFor(addr("198.18.40.77"))));
    }

    @Test
    void resolverFailsWithTheKernelsErrnoWhenThereIsNoRoute() throws Exception {
        SourceAddressResolver resolver = new SourceAddressResolver(Duration.ZERO);
        ErrnoException e = assertThrows(ErrnoException.class, () -> a.run(() -> resolver.route(addr("203.0.113.9"))));
        assertEquals(Errno.ENETUNREACH, e.errno());
        assertTrue(e.getMessage().contains("203.0.113.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolver.route(addr("0.0.0.0")));
        assertThrows(IllegalArgumentException.class, () -> resolver.route(addr("ff02::1")));
    }

    @Test
    void resolverCachesUntilInvalidated() throws Exception {
        SourceAddressResolver resolver = new SourceAddressResolver(Duration.ofMinutes(1));
        InetAddress target = addr("198.18.42.5");
        a.route("198.18.42.0/24", "dev", "jsr-a0", "src", "198.18.40.11");
        try {
            Route first = a.run(() -> resolver.route(target));
            assertEquals(addr("198.18.40.11"), first.source());
            a.ip("route", "replace", "198.18.42.0/24", "dev", "jsr-a0", "src", "198.18.40.1");
            assertSame(first, a.run(() -> resolver.route(target)), "cached");
            resolver.invalidate(target);
            assertEquals(addr("198.18.40.1"), a.run(() -> resolver.route(target)).source());
            resolver.invalidate();
        } finally {
            a.ip("route", "del", "198.18.42.0/24");
        }
    }

    @Test
    void routeWithoutInterfaceMatchStillHasSource() throws Exception {
        Route r = new Route(addr("192.0.2.1"), addr("192.0.2.2"), 1500, null, 0, 0);
        assertTrue(r.interfaceNameIfKnown().isEmpty());
        assertNull(r.interfaceName());
    }
}

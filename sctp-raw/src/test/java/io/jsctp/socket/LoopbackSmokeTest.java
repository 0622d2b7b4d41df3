package io.jsctp.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jsctp.raw.net.IpFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackSmokeTest {
    @Test
    void echoOverLoopback() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (SctpSocket server = SctpSocket.open(IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE);
             SctpSocket client = SctpSocket.open(IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE)) {
            server.bind(new InetSocketAddress(lo, 5999));
            server.listen(5);
            int id = client.connectx(List.of(new InetSocketAddress(lo, 5999)));
            System.out.println("assoc id " + id);
            SctpSocket accepted = server.accept(Duration.ofSeconds(5));
            assertNotNull(accepted);
            client.send("hello".getBytes(StandardCharsets.UTF_8), MessageInfo.onStream(0).payloadProtocolId(42));
            Received r = accepted.receive(Duration.ofSeconds(5));
            Received.Message m = (Received.Message) r;
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), m.data());
            assertEquals(42, m.info().ppid());
            accepted.send(m.data(), MessageInfo.onStream(0));
            Received back = client.receive(Duration.ofSeconds(5));
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), ((Received.Message) back).data());
            System.out.println(client.status(0));
            client.shutdown();
            assertEquals(null, accepted.receive(Duration.ofSeconds(5)));
            accepted.close();
        }
    }
}

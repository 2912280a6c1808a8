package io.copas.core;

import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Wrapping a channel a second time must not steal the first socket's wake-ups: it returns the
 * socket the channel already has, as upstream's wrap returns an already wrapped socket.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WrapTwiceTest {

    @Test
    void secondWrapWhileAReaderWaitsReturnsTheSameSocketAndTheReaderIsWoken() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel listener = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(listener, socket -> {
                assertEquals("ping", socket.receiveLine());
                socket.send("pong\n");
            });
            scheduler.add(() -> {
                SocketChannel channel = SocketChannel.open();
                TcpSocket first = Copas.scheduler().wrap(channel);
                first.connect(listener.getLocalAddress());
                first.setTimeout(Duration.ofSeconds(5)); // without the fix the reader waits for this, then fails
                Copas.scheduler().add("second-wrapper", () -> {
                    TcpSocket second = Copas.scheduler().wrap(channel); // while the reader below waits
                    assertSame(first, second);
                    second.send("ping\n");
                });
                got.add(first.receiveLine());
                first.close();
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
        }
        assertEquals(List.of("pong"), got);
    }

    @Test
    void acceptedAndUdpChannelsKeepTheirOneSocketAndAClosedOneIsWrappedAfresh() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel listener = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(listener, socket ->
                    assertSame(socket, Copas.scheduler().wrap(socket.channel()), "an accepted connection's socket"));
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(listener.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.close();

                DatagramChannel datagrams = DatagramChannel.open().bind(null);
                UdpSocket udp = Copas.scheduler().wrap(datagrams);
                assertSame(udp, Copas.scheduler().wrap(datagrams));
                udp.close();
                datagrams = DatagramChannel.open().bind(null);
                UdpSocket other = Copas.scheduler().wrap(datagrams);
                assertNotSame(udp, other, "a new channel, a new socket");
                other.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
        }
    }
}

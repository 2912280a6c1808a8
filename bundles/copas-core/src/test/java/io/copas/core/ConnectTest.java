package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** connect succeeds without blocking the loop, a refused connect fails with an IOException, and a second connect is refused (upstream connecttwice.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectTest {

    @Test
    void connectThenAddresses() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<SocketAddress> peer = new AtomicReference<>();
            AtomicReference<SocketAddress> handlerSawPeer = new AtomicReference<>();
            AtomicReference<SocketAddress> clientLocal = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> handlerSawPeer.set(socket.remoteAddress()));
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                assertFalse(client.isConnected());
                assertNull(client.remoteAddress());
                InetSocketAddress target = (InetSocketAddress) channel.getLocalAddress();
                client.connect("127.0.0.1", target.getPort());
                assertTrue(client.isConnected());
                peer.set(client.remoteAddress());
                clientLocal.set(client.localAddress());
                Copas.scheduler().removeServer(server, false);
                assertThrows(AlreadyConnectedException.class, () -> client.connect(target), "connecting twice");
                assertTrue(client.isConnected(), "the failed second connect leaves the first connection alone");
                client.close();
                assertFalse(client.isConnected());
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(server.localAddress(), peer.get());
            assertEquals(clientLocal.get(), handlerSawPeer.get());
            assertClean(scheduler);
        }
    }

    @Test
    void refusedConnectFailsAndClosesTheSocket() throws Exception {
        SocketAddress nobodyListens;
        try (ServerSocketChannel probe = TestSockets.listen()) {
            nobodyListens = probe.getLocalAddress();
        }
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<TcpSocket> socket = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                socket.set(client);
                try {
                    client.connect(nobodyListens);
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertInstanceOf(java.net.ConnectException.class, failure.get());
            assertFalse(failure.get() instanceof TransferTimeoutException);
            assertTrue(socket.get().isClosed());
            assertClean(scheduler);
        }
    }

    @Test
    void wrappedChannelConnectedOutsideCopasWorks() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> socket.send("welcome\n"));
            SocketChannel raw = SocketChannel.open(channel.getLocalAddress()); // blocking connect, then wrapped
            TcpSocket wrapped = scheduler.wrap(raw);
            assertFalse(raw.isBlocking(), "wrap switches the channel to non-blocking mode");
            assertTrue(wrapped.isConnected());
            AtomicReference<String> line = new AtomicReference<>();
            scheduler.add(() -> {
                line.set(wrapped.receiveLine());
                wrapped.close();
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("welcome", line.get());
            assertFalse(raw.isOpen());
            assertClean(scheduler);
        }
    }
}

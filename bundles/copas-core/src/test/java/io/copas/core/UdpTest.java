package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP sockets: peer-bound send/receive, sendTo/receiveFrom with the sender's address, timeouts, and UDP servers (upstream udptimeout.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UdpTest {

    /** An echo server: replies each datagram to its sender until its socket is closed. */
    private static Server echoServer(Scheduler scheduler, DatagramChannel channel, List<String> handlerNames,
            List<InetSocketAddress> senders) throws Exception {
        return scheduler.addServer(channel, socket -> {
            handlerNames.add(Copas.current().name());
            try {
                while (true) {
                    Datagram datagram = socket.receiveFrom(1024);
                    senders.add(datagram.sender());
                    socket.sendTo(datagram.data(), datagram.sender());
                }
            } catch (TransferClosedException closed) {
                // removed
            }
        }, null, "udpecho");
    }

    @Test
    void peerNameSendReceiveEchoThenTimeout() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel channel = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> handlerNames = new CopyOnWriteArrayList<>();
            List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
            Server server = echoServer(scheduler, channel, handlerNames, senders);
            assertEquals("udpecho", server.name());
            AtomicReference<String> echo = new AtomicReference<>();
            AtomicReference<Throwable> timeout = new AtomicReference<>();
            AtomicReference<InetSocketAddress> clientAddress = new AtomicReference<>();
            AtomicLong took = new AtomicLong();
            scheduler.add(() -> {
                UdpSocket client = Copas.scheduler().udp();
                client.setPeerName(channel.getLocalAddress());
                assertEquals(channel.getLocalAddress(), client.remoteAddress());
                clientAddress.set((InetSocketAddress) client.localAddress());
                client.setTimeout(Duration.ofSeconds(5));
                client.send("hello udp".getBytes(UTF_8));
                echo.set(new String(client.receive(1024), UTF_8));
                client.setTimeout(Duration.ofMillis(100));
                long start = System.nanoTime();
                timeout.set(assertThrows(TransferTimeoutException.class, () -> client.receive(1024)));
                took.set(TestSockets.millisSince(start));
                client.close();
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("hello udp", echo.get());
            assertTrue(took.get() >= 95 && took.get() < 5_000, "timeout after " + took.get() + " ms");
            assertEquals(List.of("udpecho:handler"), handlerNames);
            assertEquals(clientAddress.get().getPort(), senders.get(0).getPort());
            assertClean(scheduler);
        }
    }

    @Test
    void sendToAndReceiveFromReportTheSender() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel channel = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> handlerNames = new CopyOnWriteArrayList<>();
            List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
            Server server = echoServer(scheduler, channel, handlerNames, senders);
            InetSocketAddress serverAddress = (InetSocketAddress) channel.getLocalAddress();
            assertEquals(serverAddress, server.localAddress());
            List<Datagram> replies = new CopyOnWriteArrayList<>();
            AtomicReference<InetSocketAddress> clientAddress = new AtomicReference<>();
            scheduler.add(() -> {
                UdpSocket client = Copas.scheduler().wrap(DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT));
                assertNull(client.remoteAddress());
                clientAddress.set((InetSocketAddress) client.localAddress());
                client.setTimeout(Duration.ofSeconds(5));
                for (int i = 0; i < 3; i++) {
                    client.sendTo(("msg " + i).getBytes(UTF_8), channel.getLocalAddress());
                    replies.add(client.receiveFrom(1024));
                }
                client.sendTo("truncate me".getBytes(UTF_8), channel.getLocalAddress());
                replies.add(new Datagram(client.receive(8), clientAddress.get()));
                client.setTimeout(Duration.ofMillis(50));
                assertThrows(TransferTimeoutException.class, () -> client.receiveFrom(1024));
                client.close();
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(4, replies.size());
            for (int i = 0; i < 3; i++) {
                assertEquals("msg " + i, new String(replies.get(i).data(), UTF_8));
                assertEquals(serverAddress, replies.get(i).sender(), "receiveFrom names the sender");
            }
            assertEquals("truncate", new String(replies.get(3).data(), UTF_8), "receive(size) truncates");
            for (InetSocketAddress sender : senders) {
                assertEquals(clientAddress.get(), sender);
            }
            assertFalse(channel.isOpen());
            assertClean(scheduler);
        }
    }

    @Test
    void serverTimeoutAppliesToTheServerSocket() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel channel = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<String> name = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                name.set(Copas.current().name());
                try {
                    socket.receive(100);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, Duration.ofMillis(100), "quiet");
            assertEquals(Duration.ofMillis(100), server.timeout());
            scheduler.loop(); // the handler's receive keeps the loop alive until it times out
            assertNoTaskErrors(errors);
            assertEquals("quiet:handler", name.get());
            assertInstanceOf(TransferTimeoutException.class, failure.get());
            assertTrue(scheduler.removeServer(server, false));
            assertClean(scheduler);
        }
    }

    @Test
    void anUnreachablePortIsAPortUnreachableExceptionAndTheSocketStaysUsable() throws Exception {
        int closedPort;
        try (DatagramChannel probe = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel channel = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = echoServer(scheduler, channel, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            AtomicReference<IOException> refused = new AtomicReference<>();
            AtomicReference<String> echoAfterwards = new AtomicReference<>();
            AtomicReference<Boolean> closedAfterRefusal = new AtomicReference<>();
            scheduler.add(() -> {
                UdpSocket client = Copas.scheduler().udp();
                client.setName("refused");
                client.setPeerName(new InetSocketAddress("127.0.0.1", closedPort));
                client.setTimeout(Duration.ofMillis(20));
                // the ICMP answer comes back after a while; a later send or receive reports it
                for (int i = 0; i < 500 && refused.get() == null; i++) {
                    try {
                        client.send(new byte[] {1});
                        client.receive(16);
                    } catch (TransferTimeoutException notYet) {
                        // no answer yet: send again
                    } catch (IOException e) {
                        refused.set(e);
                    }
                }
                closedAfterRefusal.set(client.isClosed());
                client.setPeerName(channel.getLocalAddress());
                client.setTimeout(Duration.ofSeconds(5));
                client.send("still here".getBytes(UTF_8));
                echoAfterwards.set(new String(client.receive(64), UTF_8));
                client.close();
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            // upstream: nil, "connection refused", and the socket goes on; it is not "closed"
            assertInstanceOf(PortUnreachableException.class, refused.get(), String.valueOf(refused.get()));
            assertTrue(refused.get().getMessage().contains("'refused'")
                    && refused.get().getMessage().contains("connection refused"), refused.get().getMessage());
            assertFalse(closedAfterRefusal.get());
            assertEquals("still here", echoAfterwards.get());
            assertClean(scheduler);
        }
    }

    @Test
    void sendToAnotherAddressWithAFixedPeerSaysWhatToDo() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel one = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT);
                DatagramChannel two = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            scheduler.add(() -> {
                UdpSocket client = Copas.scheduler().udp();
                client.setName("fixed");
                client.setPeerName(one.getLocalAddress());
                client.sendTo("to the peer".getBytes(UTF_8), one.getLocalAddress()); // the peer itself is fine
                failure.set(assertThrows(AlreadyConnectedException.class,
                        () -> client.sendTo("elsewhere".getBytes(UTF_8), two.getLocalAddress())));
                client.close();
            });
            scheduler.loop();
            String message = failure.get().getMessage();
            assertTrue(message != null && message.contains("'fixed'") && message.contains("setPeerName(null)"), message);
            assertClean(scheduler);
        }
    }

    @Test
    void removingAUdpServerEndsItsHandlerQuietlyAsUpstreamDropsIt() throws Exception {
        for (boolean keepOpen : new boolean[] {false, true}) {
            try (Scheduler scheduler = Scheduler.create();
                    DatagramChannel channel = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
                List<Throwable> errors = collectErrors(scheduler);
                AtomicReference<Boolean> unwound = new AtomicReference<>(false);
                AtomicReference<Boolean> waiting = new AtomicReference<>(false);
                AtomicReference<Throwable> seen = new AtomicReference<>();
                // the manual's handler: serve until the end, never close the server's socket
                Server server = scheduler.addServer(channel, socket -> {
                    try {
                        while (true) {
                            waiting.set(true);
                            Datagram datagram = socket.receiveFrom(1024);
                            socket.sendTo(datagram.data(), datagram.sender());
                        }
                    } catch (IOException | RuntimeException e) {
                        seen.set(e);
                        throw e;
                    } finally {
                        unwound.set(true);
                    }
                }, null, "removed");
                scheduler.add(() -> {
                    while (!waiting.get()) {
                        Copas.pause(); // until the handler waits for a datagram
                    }
                    assertTrue(Copas.scheduler().removeServer(server, keepOpen));
                });
                scheduler.loop();
                assertNoTaskErrors(errors);
                assertTrue(unwound.get(), "the handler's finally ran");
                assertTrue(seen.get() == null, "the handler saw no failure: " + seen.get());
                assertEquals(keepOpen, channel.isOpen(), "keepOpen " + keepOpen);
                assertTrue(scheduler.tasks().isEmpty());
            }
        }
    }

    @Test
    void aHandlerThatRemovesItsOwnServerGoesOnWithWhatItDoesNext() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel channel = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                Datagram last = socket.receiveFrom(1024);
                Copas.scheduler().removeServer(server.get(), true); // its own: it answers all the same
                socket.sendTo("goodbye".getBytes(UTF_8), last.sender());
            }, null, "self"));
            AtomicReference<String> reply = new AtomicReference<>();
            scheduler.add(() -> {
                UdpSocket client = Copas.scheduler().udp();
                client.setTimeout(Duration.ofSeconds(5));
                client.sendTo("last one".getBytes(UTF_8), channel.getLocalAddress());
                reply.set(new String(client.receive(64), UTF_8));
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("goodbye", reply.get());
            assertTrue(channel.isOpen(), "kept open");
        }
    }

    private static void assertFalse(boolean condition) {
        org.junit.jupiter.api.Assertions.assertFalse(condition);
    }
}

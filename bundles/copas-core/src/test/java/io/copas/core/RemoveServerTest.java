package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** removeServer stops accepting; keepOpen=true leaves the channel reusable (upstream removeserver.lua), false closes it. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemoveServerTest {

    @Test
    void keptOpenChannelIsAddedAgainAndAcceptsAgain() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> received = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                AtomicReference<Server> server = new AtomicReference<>();
                AtomicBoolean removed = new AtomicBoolean();
                server.set(scheduler.addServer(channel, socket -> {
                    received.add(socket.receiveLine());
                    removed.set(Copas.scheduler().removeServer(server.get(), true));
                }));
                String message = "hi " + round;
                scheduler.add(() -> {
                    TcpSocket client = Copas.scheduler().tcp();
                    client.connect(channel.getLocalAddress());
                    client.send(message + "\n");
                    client.close();
                });
                scheduler.loop();
                assertTrue(removed.get(), "round " + round);
                assertFalse(server.get().isActive());
                assertTrue(channel.isOpen(), "keepOpen leaves the channel open");
            }
            assertEquals(List.of("hi 1", "hi 2", "hi 3"), received);
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    /** Found by a contract trial: two servers on one channel, and loop() never ended after removing one. */
    @Test
    void addingAServedChannelAgainReplacesItsHandlerAndOneRemovalEndsTheLoop() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> handledBy = new CopyOnWriteArrayList<>();
            Server first = scheduler.addServer(channel, socket -> handledBy.add("first"));
            AtomicReference<Server> second = new AtomicReference<>();
            second.set(scheduler.addServer(channel, socket -> {
                handledBy.add("second");
                Copas.scheduler().removeServer(second.get(), false);
            }, null, "replacement"));
            assertFalse(first.isActive(), "the earlier server was replaced");
            assertTrue(second.get().isActive());
            assertTrue(channel.isOpen());
            assertEquals(1, scheduler.status().read(), "one server reads");
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                client.close();
            });
            scheduler.loop(); // ends: the one removal leaves no server behind
            assertEquals(List.of("second"), handledBy);
            assertTrue(scheduler.finished());
            assertFalse(channel.isOpen());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void addingAServedDatagramChannelAgainReplacesItsHandler() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                java.nio.channels.DatagramChannel channel = java.nio.channels.DatagramChannel.open()
                        .bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> received = new CopyOnWriteArrayList<>();
            Server first = scheduler.addServer(channel, socket -> received.add("first: " + socket.receive(64)), null, null);
            AtomicReference<Server> second = new AtomicReference<>();
            second.set(scheduler.addServer(channel, socket -> {
                received.add("second: " + new String(socket.receive(64), java.nio.charset.StandardCharsets.US_ASCII));
                Copas.scheduler().removeServer(second.get(), false);
            }, null, null));
            assertFalse(first.isActive());
            scheduler.add(() -> {
                UdpSocket client = Copas.scheduler().udp();
                client.sendTo("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII), channel.getLocalAddress());
                client.close();
            });
            scheduler.loop();
            assertEquals(List.of("second: ping"), received);
            assertTrue(scheduler.finished());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void removingWithoutKeepOpenClosesTheChannel() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            Server server = scheduler.addServer(channel, socket -> { });
            assertTrue(server.isActive());
            assertTrue(scheduler.removeServer(server, false));
            assertFalse(server.isActive());
            assertFalse(channel.isOpen());
            assertFalse(scheduler.removeServer(server, false), "a second remove finds nothing");
            scheduler.loop(); // nothing left: returns at once
            assertClean(scheduler);
        }
    }

    @Test
    void acceptedConnectionsGoOnAfterTheirServerIsRemoved() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> replies = new CopyOnWriteArrayList<>();
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                Copas.scheduler().removeServer(server.get(), false);
                for (int i = 0; i < 3; i++) {
                    socket.send("echo " + socket.receiveLine() + "\n");
                }
            }));
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                for (int i = 0; i < 3; i++) {
                    client.send(i + "\n");
                    replies.add(client.receiveLine());
                }
                client.close();
            });
            scheduler.loop();
            assertEquals(List.of("echo 0", "echo 1", "echo 2"), replies);
            assertFalse(channel.isOpen());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void keptOpenChannelCanBeAddedAgainInTheSameStep() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> served = new CopyOnWriteArrayList<>();
            AtomicReference<Server> second = new AtomicReference<>();
            Server first = scheduler.addServer(channel, socket -> served.add("first"), null, "first");
            scheduler.add(() -> {
                Scheduler s = Copas.scheduler();
                assertTrue(s.removeServer(first, true));
                // no step in between: the old registration is still being cancelled
                second.set(s.addServer(channel, socket -> {
                    served.add("second");
                    Copas.scheduler().removeServer(second.get(), false);
                }, null, "second"));
                TcpSocket client = s.tcp();
                client.connect(channel.getLocalAddress());
                try {
                    client.receive(ReceivePattern.ALL);
                } catch (TransferClosedException expected) {
                    // the handler sent nothing
                }
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(List.of("second"), served);
            assertClean(scheduler);
        }
    }

    @Test
    void udpServerIsInactiveOnceRemovedEvenIfKeptOpen() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                java.nio.channels.DatagramChannel channel =
                        java.nio.channels.DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> { }, null, "udp");
            assertTrue(server.isActive());
            assertTrue(scheduler.removeServer(server, true));
            assertFalse(server.isActive(), "Server.isActive(): false once removed");
            assertTrue(channel.isOpen(), "keepOpen leaves the channel open");
            assertFalse(scheduler.removeServer(server, true));
            scheduler.loop();
            assertNoTaskErrors(errors);
        }
    }
}

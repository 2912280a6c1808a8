package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Peers that misbehave at the socket level (half-close mid-line, a reader that stops reading, a
 * slowloris trickle, oversize datagrams). Each case fails only its own task with a typed
 * exception carrying what was transferred, while a bystander connection on the same scheduler
 * keeps completing its round trips: the loop keeps serving the others.
 */
class HostilePeerTest {

    private static final int BYSTANDER_ROUND_TRIPS = 50;

    /**
     * An echo server and a client doing {@link #BYSTANDER_ROUND_TRIPS} round trips, both on the
     * current scheduler; returns the counter of completed round trips.
     */
    private static AtomicInteger bystander(Scheduler scheduler) throws IOException {
        AtomicInteger done = new AtomicInteger();
        ServerSocketChannel channel = TestSockets.listen();
        Server server = scheduler.addServer(channel, socket -> {
            try {
                while (true) {
                    socket.send(socket.receiveLine() + "\n");
                }
            } catch (TransferClosedException end) {
                // the bystander client finished
            }
        }, Duration.ofSeconds(30), "bystander-srv");
        scheduler.add("bystander", () -> {
            try (TcpSocket client = Copas.scheduler().tcp()) {
                client.setTimeout(Duration.ofSeconds(30));
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                for (int i = 0; i < BYSTANDER_ROUND_TRIPS; i++) {
                    client.send("ping " + i + "\n");
                    assertEquals("ping " + i, client.receiveLine());
                    done.incrementAndGet();
                }
            }
        });
        return done;
    }

    @Test
    void halfCloseInTheMiddleOfALineGivesClosedWithThePartialLineAndTheReplyStillArrives() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<TransferClosedException> serverSaw = new AtomicReference<>();
            AtomicReference<String> reply = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                try {
                    socket.receiveLine();
                } catch (TransferClosedException e) {
                    serverSaw.set(e);
                    socket.send("partial " + new String(e.partialData(), StandardCharsets.UTF_8) + "\n");
                }
            });
            AtomicInteger bystander = bystander(scheduler);
            scheduler.add("half-closer", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.send("no line end");
                client.shutdown(ShutdownMode.SEND);
                reply.set(client.receiveLine());
                client.close();
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            assertEquals("no line end", new String(serverSaw.get().partialData(), StandardCharsets.UTF_8));
            assertEquals("partial no line end", reply.get(), "the half-closed peer still reads the reply");
            assertEquals(BYSTANDER_ROUND_TRIPS, bystander.get());
            assertClean(scheduler);
        }
    }

    @Test
    void peerThatStopsReadingBlocksOnlyItsSenderUntilTheSocketIsClosed() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<TcpSocket> stuck = new AtomicReference<>();
            AtomicReference<IOException> senderFailure = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                stuck.set(socket);
                byte[] megabyte = new byte[1 << 20];
                try {
                    while (true) {
                        socket.send(megabyte); // no send timeout: waits as long as the peer does not read
                    }
                } catch (TransferClosedException e) {
                    senderFailure.set(e);
                }
            });
            scheduler.add("non-reader", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                AtomicInteger bystander = bystander(Copas.scheduler());
                // the sender is blocked on a full send buffer while the bystander completes
                TestSockets.pauseUntil(() -> bystander.get() == BYSTANDER_ROUND_TRIPS, Duration.ofSeconds(30), "the bystander");
                assertTrue(stuck.get() != null && senderFailure.get() == null, "the sender is still blocked");
                stuck.get().close(); // what a server's own idle policy does: wakes the sender at once
                client.close();
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            TransferClosedException e = assertInstanceOf(TransferClosedException.class, senderFailure.get());
            assertTrue(e.lastIndex() >= 0, "the failure tells how far the blocked send got");
            assertClean(scheduler);
        }
    }

    @Test
    void slowlorisTrickleOutlivesThePerWaitTimeoutButNotAUserDeadline() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<IOException> serverSaw = new AtomicReference<>();
            AtomicInteger bystander = new AtomicInteger();
            Server server = scheduler.addServer(channel, socket -> {
                socket.setTimeout(Duration.ofSeconds(5)); // per wait: a byte every 20 ms never trips it
                Copas.timeout(Duration.ofMillis(600), task -> socket.close()); // the whole line's deadline
                try {
                    socket.receiveLine();
                } catch (TransferClosedException | TransferTimeoutException e) {
                    serverSaw.set(e);
                } finally {
                    Copas.cancelTimeout();
                }
            });
            scheduler.add("trickler", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                bystander.set(0);
                AtomicInteger running = bystander(Copas.scheduler());
                try {
                    while (true) {
                        client.send("x"); // never a line end
                        Copas.pause(Duration.ofMillis(20));
                    }
                } catch (TransferClosedException expected) {
                    // the server closed the connection at its deadline
                } finally {
                    bystander.set(running.get());
                    client.close();
                }
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            TransferFailure failure = assertInstanceOf(TransferFailure.class, serverSaw.get());
            assertTrue(failure.partialData().length > 0, "the trickled bytes come with the failure");
            assertTrue(bystander.get() > 0, "the bystander was served during the trickle");
            assertClean(scheduler);
        }
    }

    @Test
    void oversizeDatagramsAreTruncatedOnReceiveAndRefusedOnSendWhileTheSocketGoesOn() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET)) {
            List<Throwable> errors = collectErrors(scheduler);
            peer.bind(new InetSocketAddress("127.0.0.1", 0));
            List<byte[]> received = new ArrayList<>();
            AtomicReference<IOException> sendFailure = new AtomicReference<>();
            AtomicInteger bystander = bystander(scheduler);
            scheduler.add("udp", () -> {
                UdpSocket udp = Copas.scheduler().wrap(DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress("127.0.0.1", 0)));
                udp.setTimeout(Duration.ofSeconds(30));
                SocketAddress me = udp.channel().getLocalAddress();
                byte[] largest = new byte[65_507]; // the largest IPv4 UDP payload
                Arrays.fill(largest, (byte) 'L');
                peer.send(ByteBuffer.wrap(largest), me);
                peer.send(ByteBuffer.wrap("small".getBytes(StandardCharsets.UTF_8)), me);
                received.add(udp.receive(512));
                received.add(udp.receive(512));
                IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                        () -> udp.sendTo(new byte[70_000], peer.getLocalAddress()), "larger than any datagram");
                assertTrue(tooLarge.getMessage().contains("65507"), tooLarge.getMessage());
                try {
                    udp.sendTo(new byte[65_508], peer.getLocalAddress()); // one byte over IPv4's limit
                } catch (IOException e) {
                    sendFailure.set(e);
                }
                udp.sendTo("after".getBytes(StandardCharsets.UTF_8), peer.getLocalAddress());
                udp.close();
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            assertEquals(512, received.get(0).length, "the oversize datagram is cut to the receive size");
            assertArrayEquals("small".getBytes(StandardCharsets.UTF_8), received.get(1), "the next one is whole");
            // upstream: nil, "Message too long", and the socket goes on; it is not "closed"
            assertInstanceOf(SocketException.class, sendFailure.get(), "a send the kernel refuses keeps its reason");
            assertFalse(sendFailure.get() instanceof TransferClosedException, sendFailure.get().toString());
            assertTrue(sendFailure.get().getMessage().startsWith("send on '"), sendFailure.get().getMessage());
            ByteBuffer after = ByteBuffer.allocate(100);
            peer.receive(after);
            assertEquals("after", new String(after.array(), 0, after.position(), StandardCharsets.UTF_8),
                    "the socket sends again after the refused datagram");
            assertEquals(BYSTANDER_ROUND_TRIPS, bystander.get());
            assertClean(scheduler);
        }
    }

    @Test
    void receiveOnASocketClosedByAnotherTaskFailsAsClosedNotAsAHang() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<TcpSocket> accepted = new AtomicReference<>();
            AtomicReference<IOException> failure = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                accepted.set(socket);
                failure.set(assertThrows(TransferClosedException.class, socket::receiveLine));
            });
            scheduler.add("closer", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                AtomicInteger bystander = bystander(Copas.scheduler());
                TestSockets.pauseUntil(() -> accepted.get() != null && bystander.get() == BYSTANDER_ROUND_TRIPS,
                        Duration.ofSeconds(30), "the handler and the bystander");
                accepted.get().close();
                client.close();
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            assertInstanceOf(TransferClosedException.class, failure.get());
            assertClean(scheduler);
        }
    }
}

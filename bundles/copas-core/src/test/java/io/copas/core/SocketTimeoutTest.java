package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connect, send and receive timeouts fail with TransferTimeoutException carrying partial data or the last index (upstream tcptimeout.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTimeoutTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    /**
     * Fills the accept queue of {@code listener}, which never accepts: the kernel then drops
     * further SYNs, so a connect to it stays pending.
     *
     * @return the listener's address
     */
    private static InetSocketAddress fillBacklog(ServerSocketChannel listener, List<Socket> fillers) throws Exception {
        InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
        boolean full = false;
        for (int i = 0; i < 16 && !full; i++) {
            Socket filler = new Socket();
            fillers.add(filler);
            try {
                filler.connect(address, 300);
            } catch (SocketTimeoutException e) {
                full = true;
            }
        }
        assertTrue(full, "could not fill the backlog of a listener that never accepts");
        return address;
    }

    @Test
    void aTaskRemovedWhileConnectingClosesItsSocket() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocketChannel listener = TestSockets.listen(1); Scheduler scheduler = Scheduler.create()) {
            InetSocketAddress address = fillBacklog(listener, fillers);
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<TcpSocket> socket = new AtomicReference<>();
            Task connecting = scheduler.add("connecting", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                socket.set(client);
                client.connect(address); // no timeout: pending until removed
            });
            scheduler.add("remover", () -> {
                TestSockets.pauseUntil(() -> connecting.state() == TaskState.WRITING, Duration.ofSeconds(10), "the connect to wait");
                Copas.scheduler().remove(connecting);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertTrue(connecting.isDone());
            assertTrue(socket.get().isClosed(), "a pending connect cannot be abandoned but by closing its socket");
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }

    @Test
    void connectTimesOutAgainstAFullBacklog() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocketChannel listener = TestSockets.listen(1); Scheduler scheduler = Scheduler.create()) {
            InetSocketAddress address = fillBacklog(listener, fillers);
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong took = new AtomicLong();
            AtomicReference<TcpSocket> socket = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                socket.set(client);
                client.setTimeouts(SHORT, null, null);
                long start = System.nanoTime();
                try {
                    client.connect(address);
                } catch (Throwable e) {
                    failure.set(e);
                }
                took.set(TestSockets.millisSince(start));
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            TransferTimeoutException timeout = assertInstanceOf(TransferTimeoutException.class, failure.get());
            assertInstanceOf(SocketTimeoutException.class, timeout);
            assertTrue(took.get() >= 190 && took.get() < 5_000, "connect took " + took.get() + " ms");
            assertTrue(socket.get().isClosed(), "a timed-out connect cannot be resumed: the socket is closed");
            assertClean(scheduler);
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }

    @Test
    void sendTimesOutWithLastIndexWhenPeerNeverReads() throws Exception {
        int size = 64 * 1024 * 1024;
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> Copas.waitForExit()); // never reads
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong took = new AtomicLong();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.setTimeouts(null, SHORT, null);
                long start = System.nanoTime();
                try {
                    client.send(new byte[size]);
                } catch (Throwable e) {
                    failure.set(e);
                }
                took.set(TestSockets.millisSince(start));
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            TransferTimeoutException timeout = assertInstanceOf(TransferTimeoutException.class, failure.get());
            assertTrue(timeout.lastIndex() > 0 && timeout.lastIndex() < size, "lastIndex " + timeout.lastIndex());
            assertEquals(0, timeout.partialData().length);
            assertTrue(took.get() >= 190 && took.get() < 10_000, "send took " + took.get() + " ms");
            assertClean(scheduler);
        }
    }

    @Test
    void receiveTimesOutWithPartialDataAndTheSocketStaysUsable() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                Copas.scheduler().removeServer(server.get(), false);
                socket.send("abc"); // no newline
                assertEquals("more", socket.receiveLine());
                socket.send("def\n");
            }));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<String> completed = new AtomicReference<>();
            AtomicLong took = new AtomicLong();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                client.setTimeouts(null, null, SHORT);
                long start = System.nanoTime();
                byte[] partial = null;
                try {
                    client.receiveLine();
                } catch (TransferTimeoutException e) {
                    failure.set(e);
                    partial = e.partialData();
                }
                took.set(TestSockets.millisSince(start));
                assertNotNull(partial, "receiveLine must time out");
                client.send("more\n");
                completed.set(new String(client.receive(ReceivePattern.LINE, partial), StandardCharsets.UTF_8));
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            TransferTimeoutException timeout = assertInstanceOf(TransferTimeoutException.class, failure.get());
            assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), timeout.partialData());
            assertEquals(-1, timeout.lastIndex());
            assertTrue(took.get() >= 190 && took.get() < 5_000, "receive took " + took.get() + " ms");
            assertEquals("abcdef", completed.get(), "partial data passed back as prefix completes the line");
            assertClean(scheduler);
        }
    }

    @Test
    void echoArrivesThenNextReceiveTimesOut() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> {
                try {
                    while (true) {
                        socket.send(socket.receiveLine() + "\n");
                    }
                } catch (TransferClosedException done) {
                    // client left
                }
            });
            AtomicReference<String> echo = new AtomicReference<>();
            AtomicReference<Throwable> second = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.setTimeout(Duration.ofMillis(50));
                client.send("ping\n");
                echo.set(client.receiveLine());
                second.set(assertThrows(TransferTimeoutException.class, client::receiveLine));
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("ping", echo.get());
            assertNotNull(second.get());
            assertClean(scheduler);
        }
    }

    @Test
    void serverTimeoutAppliesToAcceptedSockets() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Duration> seen = new AtomicReference<>();
            AtomicReference<Throwable> handlerFailure = new AtomicReference<>();
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                Copas.scheduler().removeServer(server.get(), false);
                seen.set(socket.receiveTimeout());
                try {
                    socket.receiveLine();
                } catch (Throwable e) {
                    handlerFailure.set(e);
                }
            }, SHORT, "timed"));
            assertEquals(SHORT, server.get().timeout());
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                try {
                    client.receive(ReceivePattern.ALL); // until the handler ends and its socket closes
                } catch (TransferClosedException expected) {
                    // nothing was sent
                }
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(SHORT, seen.get());
            assertInstanceOf(TransferTimeoutException.class, handlerFailure.get());
            assertClean(scheduler);
        }
    }

    @Test
    void timeoutSettersFollowCopasRules() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            TcpSocket socket = scheduler.tcp();
            assertNull(socket.connectTimeout());
            assertNull(socket.sendTimeout());
            assertNull(socket.receiveTimeout());
            socket.setTimeout(SHORT);
            assertEquals(SHORT, socket.connectTimeout());
            assertEquals(SHORT, socket.sendTimeout());
            assertEquals(SHORT, socket.receiveTimeout());
            socket.setTimeouts(null, Duration.ofSeconds(3), Duration.ofSeconds(-1));
            assertEquals(SHORT, socket.connectTimeout(), "null leaves a timeout unchanged");
            assertEquals(Duration.ofSeconds(3), socket.sendTimeout());
            assertNull(socket.receiveTimeout(), "negative means forever");
            socket.setTimeout(null);
            assertNull(socket.connectTimeout());
            assertNull(socket.sendTimeout());
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            assertTrue(socket.getOption(StandardSocketOptions.TCP_NODELAY));
            socket.close();
        }
    }

    @Test
    void receiveTimeoutAppliesToEachWaitAsDocumented() throws Exception {
        // TcpSocket's javadoc: "a receive that keeps getting data never times out" (upstream 4.x arms one timer per call)
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> {
                for (char c : "drip-drip!".toCharArray()) { // 1 s in all, 100 ms apart
                    socket.send(String.valueOf(c));
                    Copas.pause(Duration.ofMillis(100));
                }
                socket.send("\n");
            });
            AtomicReference<String> line = new AtomicReference<>();
            AtomicLong took = new AtomicLong();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.setTimeout(Duration.ofMillis(600)); // each wait far within it (6x), the whole line not
                long start = System.nanoTime();
                line.set(client.receiveLine());
                took.set(TestSockets.millisSince(start));
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("drip-drip!", line.get());
            assertTrue(took.get() >= 600, "the line took " + took.get() + " ms, longer than one timeout");
            assertClean(scheduler);
        }
    }
}

package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad arguments, calls from the wrong thread and misbehaving peers fail fast with clear exceptions, never hang, and leave nothing behind. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest {

    @Test
    void negativeSizesAndBadRangesAreRejected() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            assertThrows(IllegalArgumentException.class, () -> ReceivePattern.bytes(-1));
            Server server = scheduler.addServer(channel, socket -> { });
            scheduler.add(() -> {
                TcpSocket tcp = Copas.scheduler().tcp();
                tcp.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                byte[] data = new byte[4];
                assertThrows(IllegalArgumentException.class, () -> tcp.receive(-1));
                assertThrows(IllegalArgumentException.class, () -> tcp.send(data, -1, 2));
                assertThrows(IllegalArgumentException.class, () -> tcp.send(data, 3, 2));
                assertThrows(IllegalArgumentException.class, () -> tcp.send(data, 0, 5));
                assertThrows(NullPointerException.class, () -> tcp.send((byte[]) null));
                assertThrows(NullPointerException.class, () -> tcp.receive((ReceivePattern) null));
                assertThrows(IllegalArgumentException.class, () -> tcp.connect("127.0.0.1", 70_000));
                UdpSocket udp = Copas.scheduler().udp();
                assertThrows(IllegalArgumentException.class, () -> udp.receive(0));
                assertThrows(IllegalArgumentException.class, () -> udp.receiveFrom(-5));
                assertThrows(NullPointerException.class, () -> udp.sendTo(new byte[1], null));
                assertThrows(java.nio.channels.NotYetConnectedException.class, () -> udp.send(new byte[1]));
                assertThrows(NullPointerException.class, () -> Copas.pause(null));
                assertThrows(NullPointerException.class, () -> Copas.timeout(Duration.ofSeconds(1), null));
                udp.close();
                tcp.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void unknownPatternTextIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceivePattern.parse("*x"));
        assertTrue(e.getMessage().contains("*x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReceivePattern.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ReceivePattern.parse("-3"));
        assertThrows(NullPointerException.class, () -> ReceivePattern.parse(null));
    }

    @Test
    void nullHandlersBodiesAndChannelsAreRejected() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                ServerSocketChannel channel = TestSockets.listen();
                ServerSocketChannel unbound = ServerSocketChannel.open();
                DatagramChannel udp = DatagramChannel.open().bind(TestSockets.LOOPBACK_ANY_PORT)) {
            assertThrows(NullPointerException.class, () -> scheduler.add(null));
            assertThrows(NullPointerException.class, () -> scheduler.add("x", null));
            assertThrows(NullPointerException.class, () -> scheduler.submit(null));
            assertThrows(NullPointerException.class, () -> scheduler.addServer(channel, (ConnectionHandler) null));
            assertThrows(NullPointerException.class, () -> scheduler.addServer(null, socket -> { }));
            assertThrows(NullPointerException.class, () -> scheduler.addServer(udp, (DatagramHandler) null, null, null));
            assertThrows(IllegalArgumentException.class, () -> scheduler.addServer(unbound, socket -> { }));
            assertThrows(NullPointerException.class, () -> scheduler.wrap((java.nio.channels.SocketChannel) null));
            assertThrows(NullPointerException.class, () -> scheduler.remove(null));
            assertThrows(NullPointerException.class, () -> scheduler.wakeup(null));
            assertThrows(NullPointerException.class, () -> scheduler.removeServer(null, false));
            assertThrows(NullPointerException.class, () -> ConnectionHandler.wrap(null, s -> s));
            try (Scheduler other = Scheduler.create()) {
                Task foreign = other.add(() -> { });
                assertThrows(IllegalArgumentException.class, () -> scheduler.remove(foreign));
                other.loop();
            }
            assertTrue(scheduler.tasks().isEmpty(), "nothing was added");
            assertTrue(scheduler.finished());
        }
    }

    @Test
    void taskOnlyCallsFailOutsideATask() throws Exception {
        IllegalStateException pause = assertThrows(IllegalStateException.class, () -> Copas.pause(Duration.ofMillis(1)));
        assertTrue(pause.getMessage().contains("Copas.pause()"), pause.getMessage());
        IllegalStateException forever = assertThrows(IllegalStateException.class, Copas::pauseForever);
        assertTrue(forever.getMessage().contains("Copas.pauseForever()"), forever.getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> Copas.timeout(Duration.ofSeconds(1), t -> { }))
                .getMessage().contains("Copas.timeout()"));
        assertThrows(IllegalStateException.class, Copas::current);
        assertThrows(IllegalStateException.class, Copas::scheduler);
        assertThrows(IllegalStateException.class, Copas::cancelTimeout);
        assertTrue(assertThrows(IllegalStateException.class, () -> Copas.setErrorHandler(null))
                .getMessage().contains("Copas.setErrorHandler()")); // named Copas.current() before
        assertFalse(Copas.currentTask().isPresent());
        assertTrue(assertThrows(IllegalStateException.class, Copas::waitForExit)
                .getMessage().contains("Copas.waitForExit()")); // named Copas.scheduler() before
        assertTrue(assertThrows(IllegalStateException.class, Copas::exiting).getMessage().contains("Copas.exiting()"));
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            assertThrows(IllegalStateException.class, scheduler::waitForExit);
            TcpSocket socket = scheduler.tcp();
            assertThrows(IllegalStateException.class, () -> socket.connect(channel.getLocalAddress()));
            IllegalStateException outside = assertThrows(IllegalStateException.class, () -> socket.receive(1));
            assertTrue(outside.getMessage().contains("'" + scheduler.name() + "'"), outside.getMessage());
            // and from a task of another scheduler
            try (Scheduler other = Scheduler.create()) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                other.add("foreign-user",
                        () -> failure.set(assertThrows(IllegalStateException.class, () -> socket.receive(1))));
                other.add(() -> failure.compareAndSet(null, assertThrows(IllegalStateException.class,
                        () -> Copas.scheduler().loop())));
                other.loop();
                assertNotNull(failure.get());
                // both are named "copas": the message must not tell the caller to do what it already does
                String message = failure.get().getMessage();
                assertTrue(message.contains("belongs to scheduler 'copas'")
                        && message.contains("task 'foreign-user' of another scheduler of the same name"), message);
            }
            socket.close();
        }
    }

    @Test
    void loopAndStepCannotBeCalledFromATask() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            scheduler.add(() -> {
                seen.add(assertThrows(IllegalStateException.class, () -> Copas.scheduler().loop()));
                seen.add(assertThrows(IllegalStateException.class, () -> Copas.scheduler().step(Duration.ZERO)));
            });
            scheduler.loop();
            assertEquals(2, seen.size());
        }
    }

    @Test
    void peerResetWhileReceivingFailsOnlyThatTask() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            CountDownLatch handlerWaiting = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger ticks = new AtomicInteger();
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                Copas.scheduler().removeServer(server.get(), false);
                handlerWaiting.countDown();
                try {
                    socket.receive(10 * 1024 * 1024);
                } catch (IOException e) {
                    failure.set(e);
                }
            }));
            scheduler.add(() -> {
                for (int i = 0; i < 20; i++) {
                    Copas.pause(Duration.ofMillis(10));
                    ticks.incrementAndGet();
                }
            });
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> resetAfterSending(channel, handlerWaiting, 4096));
            long start = System.nanoTime();
            scheduler.loop();
            peer.get(10, TimeUnit.SECONDS);
            assertTrue(TestSockets.millisSince(start) < 10_000);
            assertInstanceOf(TransferClosedException.class, failure.get(), "a reset is a close");
            assertEquals(20, ticks.get(), "the other task went on");
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void peerResetWhileSendingFailsWithTheLastIndex() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            CountDownLatch handlerSending = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Server> server = new AtomicReference<>();
            int size = 64 * 1024 * 1024;
            server.set(scheduler.addServer(channel, socket -> {
                Copas.scheduler().removeServer(server.get(), false);
                handlerSending.countDown();
                try {
                    socket.send(new byte[size]);
                } catch (IOException e) {
                    failure.set(e);
                }
            }));
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> resetAfterSending(channel, handlerSending, 0));
            scheduler.loop();
            peer.get(10, TimeUnit.SECONDS);
            TransferClosedException closed = assertInstanceOf(TransferClosedException.class, failure.get());
            assertTrue(closed.lastIndex() >= 0 && closed.lastIndex() < size, "lastIndex " + closed.lastIndex());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    /** A plain blocking peer: connects, waits for the handler, sends some bytes, then resets (SO_LINGER 0). */
    private static void resetAfterSending(ServerSocketChannel server, CountDownLatch handlerReady, int bytes) {
        try (Socket socket = new Socket()) {
            socket.connect(server.getLocalAddress());
            if (!handlerReady.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handler never started");
            }
            OutputStream out = socket.getOutputStream();
            out.write(new byte[bytes]);
            out.flush();
            socket.setSoLinger(true, 0);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void garbageToALineReaderGivesLinesThenClosedNeverAHang() throws Exception {
        byte[] garbage = new byte[256 * 1024];
        new Random(3).nextBytes(garbage);
        int crs = 0;
        for (byte b : garbage) {
            if (b == '\r') {
                crs++;
            }
        }
        int expectedBytes = garbage.length - crs;
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong consumed = new AtomicLong();
            AtomicInteger lines = new AtomicInteger();
            AtomicInteger decoded = new AtomicInteger();
            AtomicReference<Throwable> end = new AtomicReference<>();
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                Copas.scheduler().removeServer(server.get(), false);
                socket.setTimeout(Duration.ofSeconds(10)); // a hang would become a timeout
                try {
                    while (true) {
                        byte[] line = socket.receive(ReceivePattern.LINE);
                        consumed.addAndGet(line.length + 1);
                        lines.incrementAndGet();
                        if (lines.get() % 2 == 0) {
                            decoded.addAndGet(new String(line, java.nio.charset.StandardCharsets.UTF_8).length());
                        }
                    }
                } catch (TransferClosedException e) {
                    consumed.addAndGet(e.partialData().length);
                    end.set(e);
                }
            }));
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1",
                            ((InetSocketAddress) channel.getLocalAddress()).getPort()));
                    socket.getOutputStream().write(garbage);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            scheduler.loop();
            peer.get(10, TimeUnit.SECONDS);
            assertInstanceOf(TransferClosedException.class, end.get());
            assertTrue(lines.get() > 100, "random bytes hold many LFs: " + lines.get());
            assertEquals(expectedBytes, consumed.get(), "every byte but the CRs came back, as lines or partial data");
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void connectOfAClosedSocketSaysItIsClosed() throws Exception {
        try (ServerSocketChannel listener = TestSockets.listen(1); Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket socket = Copas.scheduler().tcp();
                socket.close();
                failure.set(assertThrows(IOException.class, () -> socket.connect(listener.getLocalAddress())));
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            // was a ConnectException "... failed: null" (the channel's ClosedChannelException has no message)
            assertInstanceOf(TransferClosedException.class, failure.get());
            assertTrue(failure.get().getMessage().contains("is closed"), failure.get().getMessage());
        }
    }

    @Test
    void sendAndReceiveOnAnUnconnectedSocketNameTheSocket() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<Throwable> failures = new java.util.ArrayList<>();
            scheduler.add(() -> {
                TcpSocket tcp = Copas.scheduler().tcp();
                failures.add(assertThrows(java.nio.channels.NotYetConnectedException.class, () -> tcp.send("x")));
                failures.add(assertThrows(java.nio.channels.NotYetConnectedException.class, () -> tcp.receive(1)));
                // found by a contract trial: shutdown threw the JDK's exception, with no message
                failures.add(assertThrows(java.nio.channels.NotYetConnectedException.class,
                        () -> tcp.shutdown(ShutdownMode.SEND)));
                tcp.close();
                UdpSocket udp = Copas.scheduler().udp();
                failures.add(assertThrows(java.nio.channels.NotYetConnectedException.class, () -> udp.send(new byte[1])));
                udp.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(4, failures.size());
            for (Throwable failure : failures) { // the JDK's exception has no message at all
                assertNotNull(failure.getMessage(), failure::toString);
                assertTrue(failure.getMessage().contains("is not connected"), failure.getMessage());
            }
            assertClean(scheduler);
        }
    }

    @Test
    void shutdownOfAClosedSocketFailsWithTransferClosedException() throws Exception {
        try (ServerSocketChannel listener = TestSockets.listen(1); Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket socket = Copas.scheduler().tcp();
                socket.connect(listener.getLocalAddress());
                socket.close();
                failure.set(assertThrows(IOException.class, () -> socket.shutdown(ShutdownMode.SEND)));
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertInstanceOf(TransferClosedException.class, failure.get()); // was ClosedChannelException
        }
    }

    @Test
    void loopAndStepAreRefusedWhileAServiceRunsAndAfterClose() {
        Scheduler scheduler = Scheduler.create();
        scheduler.start();
        try {
            assertThrows(IllegalStateException.class, scheduler::loop);
            assertThrows(IllegalStateException.class, () -> scheduler.step(Duration.ZERO));
        } finally {
            scheduler.close();
        }
        assertThrows(IllegalStateException.class, scheduler::loop);
        assertThrows(IllegalStateException.class, () -> scheduler.step(Duration.ZERO));
        assertThrows(IllegalStateException.class, scheduler::start);
        assertThrows(IllegalStateException.class, scheduler::tcp);
    }

    @Test
    void addServerOfAClosedChannelFailsForTheCallerEvenFromAnotherThread() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.start();
            java.nio.channels.ServerSocketChannel channel = TestSockets.listen();
            channel.close();
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> scheduler.addServer(channel, socket -> { }, null, "closed-server"));
            org.junit.jupiter.api.Assertions.assertEquals(0, scheduler.status().read(), "no server was registered");
        }
    }
}

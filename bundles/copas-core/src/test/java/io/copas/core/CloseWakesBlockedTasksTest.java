package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing a socket wakes the tasks blocked on it at once with "closed" (upstream close.lua), keeping what was transferred. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseWakesBlockedTasksTest {

    private static final int BIG = 32 * 1024 * 1024;

    @Test
    void closeWakesBlockedReaderAndWriterAtOnce() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            // the server accepts and does nothing until the loop exits
            Server server = scheduler.addServer(channel, socket -> Copas.waitForExit());
            AtomicReference<Throwable> readFailure = new AtomicReference<>();
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            AtomicLong readWokeAt = new AtomicLong();
            AtomicLong writeWokeAt = new AtomicLong();
            AtomicLong closedAt = new AtomicLong();
            scheduler.add("main", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, true);
                Task reader = Copas.scheduler().add("reader", () -> {
                    try {
                        client.receive(1);
                    } catch (Throwable e) {
                        readFailure.set(e);
                    }
                    readWokeAt.set(System.nanoTime());
                });
                Task writer = Copas.scheduler().add("writer", () -> {
                    try {
                        client.send(new byte[BIG]); // far more than the buffers hold: blocks
                    } catch (Throwable e) {
                        writeFailure.set(e);
                    }
                    writeWokeAt.set(System.nanoTime());
                });
                pauseUntil(() -> reader.state() == TaskState.READING && writer.state() == TaskState.WRITING,
                        Duration.ofSeconds(10), "reader and writer to block");
                closedAt.set(System.nanoTime());
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);

            assertTrue(readFailure.get() instanceof TransferClosedException, () -> "reader got " + readFailure.get());
            assertTrue(writeFailure.get() instanceof TransferClosedException, () -> "writer got " + writeFailure.get());
            assertEquals(0, ((TransferClosedException) readFailure.get()).partialData().length);
            int lastIndex = ((TransferClosedException) writeFailure.get()).lastIndex();
            assertTrue(lastIndex > 0 && lastIndex < BIG, "lastIndex tells how far the send got: " + lastIndex);
            long readDelay = (readWokeAt.get() - closedAt.get()) / 1_000_000;
            long writeDelay = (writeWokeAt.get() - closedAt.get()) / 1_000_000;
            assertTrue(readDelay >= 0 && readDelay < 2_000, "reader woke " + readDelay + " ms after close");
            assertTrue(writeDelay >= 0 && writeDelay < 2_000, "writer woke " + writeDelay + " ms after close");
            assertClean(scheduler);
        }
    }

    @Test
    void closeKeepsPartialDataOfBlockedReceive() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> {
                socket.send("abcd");
                Copas.waitForExit();
            });
            AtomicReference<Throwable> readFailure = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, true);
                Task reader = Copas.scheduler().add(() -> {
                    try {
                        client.receive(10);
                    } catch (Throwable e) {
                        readFailure.set(e);
                    }
                });
                // wait until the reader holds the 4 bytes and waits for the rest
                Copas.pause(Duration.ofMillis(100));
                pauseUntil(() -> reader.state() == TaskState.READING, Duration.ofSeconds(10), "reader to block");
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            TransferClosedException closed = assertThrowsClosed(readFailure.get());
            assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), closed.partialData(),
                    "the bytes received before the close come back as partial data");
            assertEquals(-1, closed.lastIndex());
            assertClean(scheduler);
        }
    }

    @Test
    void operationsOnClosedSocketFailWithClosed() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, socket -> { });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.close();
                client.close(); // twice does nothing
                assertTrue(client.isClosed());
                assertThrows(TransferClosedException.class, () -> client.receive(1));
                assertThrows(TransferClosedException.class, () -> client.send("x"));
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    private static TransferClosedException assertThrowsClosed(Throwable failure) {
        assertNotNull(failure, "the blocked receive must fail");
        assertTrue(failure instanceof TransferClosedException, () -> "expected a TransferClosedException, got " + failure);
        return (TransferClosedException) failure;
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReader() throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("close-foreign").build();
                ServerSocketChannel channel = TestSockets.listen()) {
            scheduler.start();
            Server server = scheduler.addServer(channel, socket -> Copas.waitForExit());
            java.util.concurrent.CompletableFuture<TcpSocket> connected = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Throwable> outcome = scheduler.submit(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                connected.complete(client);
                try {
                    client.receiveLine();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            TcpSocket client = connected.get(5, java.util.concurrent.TimeUnit.SECONDS);
            client.close(); // from the test thread: queued to the loop
            Throwable failure = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(failure instanceof TransferClosedException, () -> "reader got " + failure);
            assertTrue(client.isClosed());
        }
    }
}

package io.copas.tls;

import static io.copas.tls.TlsHarness.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.ReceivePattern;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.Task;
import io.copas.core.TransferClosedException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Large transfers, full duplex: on each TLS socket one task sends while another receives, and
 * every byte arrives intact (length and CRC of a pseudo-random stream).
 */
class BulkTransferTest {

    private static final Duration T = Duration.ofSeconds(30);
    private final TestPki pki = TestPki.get();

    /** Sends {@code total} pseudo-random bytes from {@code seed} in chunks of varied size; returns their CRC. */
    static long sendStream(TlsSocket tls, long total, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[256 * 1024];
        long sent = 0;
        while (sent < total) {
            int n = (int) Math.min(total - sent, 1 + random.nextInt(chunk.length));
            random.nextBytes(chunk);
            crc.update(chunk, 0, n);
            tls.send(chunk, 0, n);
            sent += n;
        }
        return crc.getValue();
    }

    /** Receives exactly {@code total} bytes, alternating partial receives and exact counts; returns their CRC. */
    static long receiveStream(TlsSocket tls, long total) throws IOException {
        CRC32 crc = new CRC32();
        long got = 0;
        boolean partial = true;
        while (got < total) {
            int want = (int) Math.min(total - got, 100_000);
            byte[] data = partial ? tls.receivePartial(ReceivePattern.bytes(want), null) : tls.receive(want);
            crc.update(data);
            got += data.length;
            partial = !partial;
        }
        return crc.getValue();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hundredMegabytesEachWayAtOnce() throws Exception {
        long total = 100L * 1024 * 1024;
        AtomicLong serverSentCrc = new AtomicLong();
        AtomicLong serverGotCrc = new AtomicLong();
        AtomicLong clientSentCrc = new AtomicLong();
        AtomicLong clientGotCrc = new AtomicLong();
        List<Map.Entry<String, Throwable>> errors = new CopyOnWriteArrayList<>();
        // two schedulers, so that both ends get a core
        try (Scheduler serverSide = Scheduler.builder().name("server").build();
                Scheduler clientSide = Scheduler.builder().name("client").build();
                ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            serverSide.setDefaultErrorHandler((e, task, socket) -> errors.add(Map.entry(task.name(), e)));
            clientSide.setDefaultErrorHandler((e, task, socket) -> errors.add(Map.entry(task.name(), e)));
            CompletableFuture<Void> serverDone = new CompletableFuture<>();
            Server server = serverSide.addServer(channel, Tls.handler(tls -> {
                try {
                    Task writer = Copas.scheduler().add("server-writer", () -> serverSentCrc.set(sendStream(tls, total, 2)));
                    serverGotCrc.set(receiveStream(tls, total));
                    pauseUntil(writer::isDone, T, "the server's writer");
                    // nothing more comes: as in LuaSocket, "*a" with no data at all reports "closed"
                    TransferClosedException end = assertThrows(TransferClosedException.class, () -> tls.receive(ReceivePattern.ALL));
                    assertNull(end.getCause(), "the client's close_notify is a clean end");
                } finally {
                    serverDone.complete(null);
                }
            }, TestPki.server(pki.serverA).build()), T, "big");
            serverSide.start();
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            long start = System.nanoTime();
            clientSide.loop(() -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    Task writer = Copas.scheduler().add("client-writer", () -> clientSentCrc.set(sendStream(tls, total, 1)));
                    clientGotCrc.set(receiveStream(tls, total));
                    pauseUntil(writer::isDone, T, "the client's writer");
                }
            });
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("100 MiB each way over TLS: " + ms + " ms");
            serverDone.get(30, TimeUnit.SECONDS); // the server's loop has its own thread: let it see the close first
            serverSide.removeServer(server, false);
        }
        assertTrue(errors.isEmpty(), () -> "tasks failed: " + errors);
        assertTrue(clientSentCrc.get() != 0 && serverSentCrc.get() != 0);
        assertEquals(clientSentCrc.get(), serverGotCrc.get(), "client to server");
        assertEquals(serverSentCrc.get(), clientGotCrc.get(), "server to client");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fullDuplexOnOneSchedulerWithSmallBuffers() throws Exception {
        // both ends write before they read, with buffers far smaller than the data: only a full
        // duplex socket (reader and writer tasks independent) gets through
        long total = 8L * 1024 * 1024;
        AtomicLong serverSentCrc = new AtomicLong();
        AtomicLong serverGotCrc = new AtomicLong();
        AtomicLong clientSentCrc = new AtomicLong();
        AtomicLong clientGotCrc = new AtomicLong();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> {
                tls.setOption(StandardSocketOptions.SO_SNDBUF, 8 * 1024);
                Task reader = Copas.scheduler().add("server-reader", () -> serverGotCrc.set(receiveStream(tls, total)));
                serverSentCrc.set(sendStream(tls, total, 4));
                pauseUntil(reader::isDone, T, "the server's reader");
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    tls.setOption(StandardSocketOptions.SO_SNDBUF, 8 * 1024);
                    Task reader = Copas.scheduler().add("client-reader", () -> clientGotCrc.set(receiveStream(tls, total)));
                    clientSentCrc.set(sendStream(tls, total, 3));
                    pauseUntil(reader::isDone, T, "the client's reader");
                }
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertEquals(clientSentCrc.get(), serverGotCrc.get(), "client to server");
        assertEquals(serverSentCrc.get(), clientGotCrc.get(), "server to client");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void smallSendsDoNotAllocateARecordBufferEach() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "the JVM does not count allocated bytes");
        int warmUp = 2_000;
        int measured = 20_000;
        byte[] message = new byte[100];
        long[] allocated = new long[1];
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> {
                for (int i = 0; i < warmUp + measured; i++) {
                    tls.receive(message.length);
                }
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    for (int i = 0; i < warmUp; i++) {
                        tls.send(message);
                    }
                    long before = threads.getTotalThreadAllocatedBytes();
                    for (int i = 0; i < measured; i++) {
                        tls.send(message);
                    }
                    allocated[0] = threads.getTotalThreadAllocatedBytes() - before;
                    // until the server, having read every message, closes: closing first, with its
                    // session tickets unread, sent a reset that could cut the server's reading short
                    while (tls.receivePartial(ReceivePattern.ALL, null).length > 0) {
                        // nothing comes but the end
                    }
                }
            }).run();
            h.assertNoErrors();
        }
        // both ends and everything else in the JVM count; a record buffer per send alone would be over 16 KiB
        long perSend = allocated[0] / measured;
        System.out.println("allocated per 100-byte TLS send, both ends: " + perSend + " bytes");
        assertTrue(perSend < 10 * 1024, perSend + " bytes allocated per send of 100 bytes");
    }
}

package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task streaming at full speed never starves timers: a 1 s pause loop drifts under 2 s over 10 s (upstream starve.lua). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FairnessTest {

    @Test
    void fullSpeedStreamingDoesNotStarveTimers() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong streamed = new AtomicLong();
            AtomicLong received = new AtomicLong();
            List<Long> pauses = new CopyOnWriteArrayList<>();
            AtomicLong total = new AtomicLong();
            Server server = scheduler.addServer(channel, socket -> {
                byte[] block = new byte[50 * 1024 * 1024]; // 50 MB per send call, endlessly
                try {
                    while (true) {
                        socket.send(block);
                        streamed.addAndGet(block.length);
                    }
                } catch (TransferClosedException readerLeft) {
                    streamed.addAndGet(readerLeft.lastIndex());
                }
            });
            scheduler.add("reader", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                while (!done.get()) {
                    received.addAndGet(client.receive(16).length); // small pieces, almost always buffered
                }
                client.close();
            });
            scheduler.add("ticker", () -> {
                Copas.pause(Duration.ofMillis(100)); // let the stream get going
                long start = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    pauses.add(Copas.pause(Duration.ofSeconds(1)).toMillis());
                }
                total.set(TestSockets.millisSince(start));
                done.set(true);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(10, pauses.size());
            for (long p : pauses) {
                assertTrue(p >= 990, "a 1 s pause returned after " + p + " ms");
            }
            assertTrue(total.get() < 12_000, "10 pauses of 1 s took " + total.get() + " ms: timers starved");
            assertTrue(received.get() > 1024 * 1024, "the reader streamed at full speed meanwhile: " + received.get());
            assertClean(scheduler);
        }
    }

    @Test
    void taskWhoseIoAlwaysSucceedsStillLetsOthersRun() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            int operations = 100_000;
            java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
            AtomicLong otherTurns = new AtomicLong();
            AtomicLong turnsDuringReceives = new AtomicLong();
            AtomicLong turnsDuringSends = new AtomicLong();
            Server server = scheduler.addServer(channel, socket -> {
                socket.send(new byte[operations]); // all buffered before the reader starts its loop
                socket.receiveLine();
                long discarded = 0;
                while (discarded < operations * 10L) {
                    discarded += socket.receivePartial(ReceivePattern.bytes(1 << 16), null).length;
                }
            });
            scheduler.add("busy", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.receive(operations); // everything has arrived
                client.send("go\n");
                // the data above was consumed; now read nothing, but send small pieces that always fit
                long before = otherTurns.get();
                byte[] ten = new byte[10];
                for (int i = 0; i < operations; i++) {
                    client.send(ten);
                }
                turnsDuringSends.set(otherTurns.get() - before);
                client.close();
                finished.incrementAndGet();
            });
            scheduler.add("buffered-reader", () -> {
                // a second connection whose data is all buffered: receive(1) never has to wait
                TcpSocket peer = Copas.scheduler().tcp();
                ServerSocketChannel second = TestSockets.listen();
                Server feeder = Copas.scheduler().addServer(second, socket -> socket.send(new byte[operations]));
                peer.connect(second.getLocalAddress());
                Copas.scheduler().removeServer(feeder, false);
                peer.receive(1);
                long before = otherTurns.get();
                for (int i = 1; i < operations; i++) {
                    peer.receive(1);
                }
                turnsDuringReceives.set(otherTurns.get() - before);
                peer.close();
                finished.incrementAndGet();
            });
            scheduler.add("counter", () -> {
                while (finished.get() < 2) {
                    otherTurns.incrementAndGet();
                    Copas.pause();
                }
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            // 100 000 successful operations: a deterministic budget yields hundreds of times
            assertTrue(turnsDuringSends.get() > 200, "others ran " + turnsDuringSends.get() + " times during the sends");
            assertTrue(turnsDuringReceives.get() > 200, "others ran " + turnsDuringReceives.get() + " times during the receives");
            assertClean(scheduler);
        }
    }
}

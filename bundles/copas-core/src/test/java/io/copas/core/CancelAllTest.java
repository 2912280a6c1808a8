package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.millisSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** cancelAll drops all pending work so the loop ends at once, and a fresh loop works afterwards (upstream cancelall.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancelAllTest {

    @Test
    void cancelAllEndsTheLoopAndAFreshLoopWorks() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                ServerSocketChannel unused = TestSockets.listen();
                ServerSocketChannel used = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Set<String> unwound = ConcurrentHashMap.newKeySet();
            Server neverUsed = scheduler.addServer(unused, socket -> Copas.pause(Duration.ofHours(1)));
            Server echo = scheduler.addServer(used, socket -> {
                try {
                    socket.receiveLine(); // blocked too, until cancelled
                } finally {
                    unwound.add("handler");
                }
            }, null, "echo");
            scheduler.add("sleeper", () -> {
                try {
                    Copas.pause(Duration.ofHours(1));
                } finally {
                    unwound.add("sleeper");
                }
            });
            AtomicReference<TcpSocket> clientSocket = new AtomicReference<>();
            scheduler.add("reader", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                clientSocket.set(client);
                client.connect(used.getLocalAddress());
                try {
                    client.receiveLine();
                } finally {
                    unwound.add("reader");
                }
            });
            scheduler.add("canceller", () -> {
                Copas.pause(Duration.ofMillis(500));
                Copas.scheduler().cancelAll();
            });
            long start = System.nanoTime();
            scheduler.loop();
            long took = millisSince(start);
            assertTrue(took < 5_000, "loop took " + took + " ms after cancelAll");
            assertEquals(Set.of("handler", "sleeper", "reader"), unwound, "removed tasks unwind");
            assertFalse(neverUsed.isActive());
            assertFalse(echo.isActive());
            assertFalse(unused.isOpen(), "cancelAll closes the servers");
            assertFalse(used.isOpen());
            assertTrue(clientSocket.get().isClosed(), "cancelAll closes the sockets");
            assertTrue(scheduler.exiting());
            assertNoTaskErrors(errors);
            assertClean(scheduler);

            AtomicBoolean fresh = new AtomicBoolean();
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(50));
                fresh.set(true);
            });
            scheduler.loop();
            assertTrue(fresh.get(), "a fresh loop after cancelAll runs tasks");
            assertClean(scheduler);
        }
    }

    @Test
    void cancelAllFromAnotherThreadEndsARunningLoop() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            scheduler.add(() -> {
                started.countDown();
                Copas.pause(Duration.ofHours(1));
            });
            Thread canceller = new Thread(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    return;
                }
                scheduler.cancelAll();
            });
            canceller.start();
            long start = System.nanoTime();
            scheduler.loop();
            canceller.join();
            assertTrue(millisSince(start) < 5_000);
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }
}

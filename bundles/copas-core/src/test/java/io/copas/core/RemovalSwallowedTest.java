package io.copas.core;

import static io.copas.core.TestSockets.listen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A removed task that catches {@link TaskRemovedError} (or Throwable) and waits again is dropped
 * by the loop, as Copas drops a removed coroutine: the loop neither spins on it nor waits for it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemovalSwallowedTest {

    @Test
    void removedTaskSwallowingRemovalAroundReceiveIsDroppedAndItsSocketClosed() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel listener = listen()) {
            AtomicInteger swallowed = new AtomicInteger();
            AtomicReference<TcpSocket> socketRef = new AtomicReference<>();
            CompletableFuture<Void> doneAction = new CompletableFuture<>();
            Task stubborn = scheduler.add("stubborn", () -> {
                TcpSocket socket = Copas.scheduler().tcp();
                socket.connect(listener.getLocalAddress());
                socketRef.set(socket);
                while (true) {
                    try {
                        socket.receiveLine();
                    } catch (Throwable t) { // the anti-pattern under test
                        swallowed.incrementAndGet();
                    }
                }
            });
            stubborn.whenDone(() -> doneAction.complete(null));
            scheduler.add("remover", () -> {
                Copas.pause(Duration.ofMillis(50));
                Copas.scheduler().remove(stubborn);
            });
            scheduler.loop(); // returns: nothing spins, nothing keeps the loop alive
            assertTrue(stubborn.isDone());
            assertTrue(doneAction.isDone(), "its done actions ran");
            assertTrue(swallowed.get() >= 1 && swallowed.get() < 3, "removal delivered once: " + swallowed.get());
            assertTrue(socketRef.get().isClosed(), "the socket it waited on was closed for it");
            assertTrue(scheduler.finished());
        }
    }

    @Test
    void aRemovedTaskFinishesTheSendsOfItsFinallyBlockWhateverItsIoBudget() throws Exception {
        int lines = 200; // beyond one I/O budget: its fairness yield would drop the unwinding task
        AtomicReference<byte[]> received = new AtomicReference<>();
        TestSockets.converse(
                server -> received.set(server.receive(ReceivePattern.ALL)),
                client -> {
                    Task worker = Copas.scheduler().add("worker", () -> {
                        try {
                            Copas.pauseForever();
                        } finally {
                            for (int i = 0; i < lines; i++) {
                                client.send("x\n".getBytes(StandardCharsets.US_ASCII)); // the peer reads: never waits
                            }
                        }
                    });
                    TestSockets.pauseUntil(() -> worker.state() == TaskState.SUSPENDED, Duration.ofSeconds(10), "the worker to wait");
                    Copas.scheduler().remove(worker);
                    TestSockets.pauseUntil(worker::isDone, Duration.ofSeconds(10), "the worker to unwind");
                });
        assertEquals(2 * lines, received.get().length, "every send of its finally block went out");
    }

    @Test
    void removedTaskSwallowingRemovalAroundPauseIsDropped() {
        try (Scheduler scheduler = Scheduler.create()) {
            Task stubborn = scheduler.add("stubborn", () -> {
                while (true) {
                    try {
                        Copas.pause(Duration.ofMillis(10));
                    } catch (TaskRemovedError ignored) {
                        // keeps going: the anti-pattern under test
                    }
                }
            });
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(30));
                Copas.scheduler().remove(stubborn);
            });
            scheduler.loop();
            assertTrue(stubborn.isDone());
        }
    }

    @Test
    void closeEndsSwallowingTasksInsteadOfGivingUp() throws Exception {
        Scheduler scheduler = Scheduler.create();
        scheduler.start();
        Task stubborn = scheduler.add("stubborn", () -> {
            while (true) {
                try {
                    Copas.pauseForever();
                } catch (Throwable ignored) {
                    // the anti-pattern under test
                }
            }
        });
        scheduler.submit(() -> null).get(10, TimeUnit.SECONDS);
        scheduler.close();
        assertTrue(stubborn.isDone(), "close() ended the task instead of giving up on it");
        assertFalse(scheduler.running());
    }

    @Test
    void cancelAllEndsSwallowingTasks() {
        try (Scheduler scheduler = Scheduler.create()) {
            Task stubborn = scheduler.add("stubborn", () -> {
                while (true) {
                    try {
                        Copas.pause(Duration.ofSeconds(1));
                    } catch (Throwable ignored) {
                        // the anti-pattern under test
                    }
                }
            });
            scheduler.add(() -> {
                Copas.pause(Duration.ZERO);
                Copas.scheduler().cancelAll();
            });
            scheduler.loop();
            assertTrue(stubborn.isDone());
        }
    }
}

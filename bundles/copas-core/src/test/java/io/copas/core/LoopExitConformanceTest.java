package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.millisSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop ends by itself once no work is left (upstream exittest.lua, exit.lua, loop_starter.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopExitConformanceTest {

    @Test
    void exitsWhenTaskEndedBeforeLoopStarted() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger runs = new AtomicInteger();
            Task task = scheduler.add(runs::incrementAndGet);
            scheduler.step(Duration.ZERO); // the task runs and ends before any loop
            assertTrue(task.isDone());
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(millisSince(start) < 5_000);
            assertEquals(1, runs.get());
            assertClean(scheduler);
        }
    }

    @Test
    void exitsWhenTaskEndsInsideLoop() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger steps = new AtomicInteger();
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(100));
                steps.incrementAndGet();
                Copas.pause(Duration.ofMillis(100));
                steps.incrementAndGet();
            });
            long start = System.nanoTime();
            scheduler.loop();
            long took = millisSince(start);
            assertEquals(2, steps.get());
            assertTrue(took >= 200 && took < 5_000, "loop took " + took + " ms");
            assertClean(scheduler);
        }
    }

    @Test
    void exitsAfterCountingWithZeroPauses() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger count = new AtomicInteger();
            scheduler.add(() -> {
                while (count.incrementAndGet() < 5) {
                    Copas.pause();
                }
            });
            scheduler.loop();
            assertEquals(5, count.get());
            assertClean(scheduler);
        }
    }

    @Test
    void exitsWhenTaskFailedBeforeLoopStarted() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            scheduler.add(() -> {
                throw new IllegalStateException("hi there!");
            });
            scheduler.step(Duration.ZERO);
            assertEquals(1, errors.size());
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(millisSince(start) < 5_000);
            assertEquals("hi there!", errors.get(0).getMessage());
            assertEquals(1, errors.size());
            assertClean(scheduler);
        }
    }

    @Test
    void exitsWhenTaskFailsInsideLoop() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(50));
                throw new IllegalStateException("inside");
            });
            scheduler.loop();
            assertEquals(1, errors.size());
            assertEquals("inside", errors.get(0).getMessage());
            assertClean(scheduler);
        }
    }

    @Test
    void pauseForeverBeforeLoopDoesNotKeepLoopAlive() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicInteger after = new AtomicInteger();
            Task sleeper = scheduler.add(() -> {
                Copas.pauseForever();
                after.incrementAndGet();
            });
            scheduler.step(Duration.ZERO);
            assertEquals(TaskState.SUSPENDED, sleeper.state());
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(millisSince(start) < 5_000);
            assertEquals(0, after.get(), "nobody woke the task");
            assertEquals(TaskState.SUSPENDED, sleeper.state());
            assertTrue(scheduler.finished());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void pauseForeverInsideLoopDoesNotKeepLoopAlive() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            Task sleeper = scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(50));
                Copas.pauseForever();
            });
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(millisSince(start) < 5_000);
            assertEquals(TaskState.SUSPENDED, sleeper.state());
            assertTrue(scheduler.finished());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void exitsWhenServerIsRemoved() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<String> received = new AtomicReference<>();
            AtomicInteger sent = new AtomicInteger(-1);
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                received.set(socket.receiveLine());
                Copas.scheduler().removeServer(server.get(), false);
            }));
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                sent.set(client.send("msg\n"));
                client.close();
            });
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(millisSince(start) < 5_000);
            assertEquals("msg", received.get());
            assertEquals(4, sent.get(), "send returns the index up to which data was sent");
            assertFalse(server.get().isActive());
            assertFalse(channel.isOpen(), "removeServer(keepOpen=false) closes the channel");
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void registeredServerKeepsLoopAliveUntilRemoved() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            Server server = scheduler.addServer(channel, socket -> { });
            assertFalse(scheduler.finished(), "a server is work");
            AtomicInteger ticks = new AtomicInteger();
            scheduler.add(() -> {
                for (int i = 0; i < 3; i++) {
                    Copas.pause(Duration.ofMillis(20));
                    ticks.incrementAndGet();
                }
                Copas.scheduler().removeServer(server, true);
            });
            scheduler.loop();
            assertEquals(3, ticks.get());
            assertTrue(scheduler.finished());
        }
    }

    @Test
    void loopInitRunsAsCopasInitializer() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<String> name = new AtomicReference<>();
            AtomicReference<Scheduler> seen = new AtomicReference<>();
            scheduler.loop(() -> {
                name.set(Copas.current().name());
                seen.set(Copas.scheduler());
            });
            assertEquals("copas_initializer", name.get());
            assertSame(scheduler, seen.get());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void loopAnnouncesExitAndReleasesEveryWaiter() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> released = new CopyOnWriteArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String id = "waiter" + i;
                scheduler.add(id, () -> {
                    Copas.waitForExit();
                    assertTrue(Copas.exiting());
                    released.add(id);
                });
            }
            assertFalse(scheduler.exiting());
            scheduler.loop();
            assertEquals(List.of("waiter1", "waiter2", "waiter3"), released, "exit releases all waiters, not only the first");
            assertTrue(scheduler.exiting());
            assertFalse(scheduler.running());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void loopCanRunAgainAfterItEnded() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger runs = new AtomicInteger();
            for (int round = 0; round < 3; round++) {
                scheduler.add(() -> {
                    assertFalse(Copas.exiting(), "a new loop resets exiting");
                    Copas.pause(Duration.ofMillis(10));
                    runs.incrementAndGet();
                });
                scheduler.loop();
            }
            assertEquals(3, runs.get());
        }
    }

    @Test
    void waitForExitReturnsAtOnceWhenAlreadyExiting() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong waited = new AtomicLong(-1);
            scheduler.add(() -> {
                Copas.scheduler().exit();
                assertTrue(Copas.exiting());
                long start = System.nanoTime();
                Copas.waitForExit();
                waited.set(millisSince(start));
                Copas.pause(Duration.ofMillis(20)); // work after exit() still runs: the loop ends when finished
            });
            scheduler.loop();
            assertTrue(waited.get() >= 0 && waited.get() < 1_000);
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }
}

package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Service mode: start() runs the loop on its own thread, other threads submit work, and close() ends every task, socket and the loop thread. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServiceModeTest {

    @Test
    void submitReturnsTheValueOrTheFailure() throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("svc-submit").build()) {
            scheduler.start();
            assertThrows(IllegalStateException.class, scheduler::start, "a second start is refused");
            CompletableFuture<Integer> value = scheduler.submit(() -> {
                Copas.pause(Duration.ofMillis(20));
                return 42;
            });
            assertEquals(42, value.get(5, TimeUnit.SECONDS));
            CompletableFuture<Object> failing = scheduler.submit(() -> {
                Copas.pause();
                throw new IOException("nope");
            });
            ExecutionException failure = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failure.getCause());
            assertEquals("nope", failure.getCause().getMessage());
            SchedulerStatus idle = scheduler.status();
            assertTrue(idle.running(), "an idle service keeps running");
            assertTrue(scheduler.running());
            assertEquals(0, idle.active() + idle.timer() + idle.read() + idle.write());
        }
    }

    @Test
    void addWakeupExitAndStatusWorkFromOtherThreads() throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("svc-threads").build()) {
            scheduler.start();
            CountDownLatch suspendedReady = new CountDownLatch(1);
            CountDownLatch sleeperReady = new CountDownLatch(1);
            CountDownLatch exitWaiterReady = new CountDownLatch(1);
            CompletableFuture<Duration> suspendedWoke = new CompletableFuture<>();
            CompletableFuture<Duration> sleeperWoke = new CompletableFuture<>();
            CompletableFuture<Boolean> exitSeen = new CompletableFuture<>();
            Task suspended = scheduler.add(() -> {
                suspendedReady.countDown(); // it yields right after: the loop handles requests only then
                suspendedWoke.complete(Copas.pauseForever());
            });
            Task sleeper = scheduler.add(() -> {
                sleeperReady.countDown();
                sleeperWoke.complete(Copas.pause(Duration.ofHours(1)));
            });
            scheduler.add(() -> {
                exitWaiterReady.countDown();
                Copas.waitForExit();
                exitSeen.complete(Copas.exiting());
            });
            assertTrue(suspendedReady.await(5, TimeUnit.SECONDS));
            assertTrue(sleeperReady.await(5, TimeUnit.SECONDS));
            assertTrue(exitWaiterReady.await(5, TimeUnit.SECONDS));
            SchedulerStatus status = scheduler.status();
            assertEquals(1, status.timer());
            assertEquals(2, status.inactive());
            assertEquals(3, scheduler.tasks().size());

            assertTrue(scheduler.wakeup(suspended));
            assertTrue(Copas.wakeup(sleeper), "Copas.wakeup works from a plain thread too");
            assertTrue(suspendedWoke.get(5, TimeUnit.SECONDS).toMillis() < 5_000);
            assertTrue(sleeperWoke.get(5, TimeUnit.SECONDS).toMillis() < 5_000, "woken long before the hour");

            assertFalse(scheduler.exiting());
            scheduler.exit();
            assertTrue(scheduler.exiting());
            assertTrue(exitSeen.get(5, TimeUnit.SECONDS));
            assertTrue(scheduler.running(), "exit announces; it does not stop a service");
            assertEquals(7, scheduler.submit(() -> 7).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeEndsTasksSocketsAndTheLoopThread() throws Exception {
        String name = "svc-close";
        Scheduler scheduler = Scheduler.builder().name(name).build();
        ServerSocketChannel channel = TestSockets.listen();
        Set<String> unwound = ConcurrentHashMap.newKeySet();
        CountDownLatch handlerReading = new CountDownLatch(1);
        scheduler.start();
        scheduler.addServer(channel, socket -> {
            try {
                handlerReading.countDown();
                socket.receiveLine();
            } finally {
                unwound.add("handler");
            }
        }, null, "svc-server");
        AtomicReference<Thread> sleeperThread = new AtomicReference<>();
        scheduler.add(() -> {
            sleeperThread.set(Thread.currentThread());
            try {
                Copas.pause(Duration.ofHours(1));
            } finally {
                unwound.add("sleeper");
            }
        });
        scheduler.add(() -> {
            try {
                Copas.pauseForever();
            } finally {
                unwound.add("suspended");
            }
        });
        // timeout callbacks run on the loop: that is how we get hold of the loop thread
        CompletableFuture<Thread> loopThread = new CompletableFuture<>();
        scheduler.submit(() -> {
            Copas.timeout(Duration.ofMillis(1), t -> {
                loopThread.complete(Thread.currentThread());
                Copas.wakeup(t);
            });
            Copas.pauseForever();
            return null;
        }).get(5, TimeUnit.SECONDS);
        Thread loop = loopThread.get(5, TimeUnit.SECONDS);
        assertTrue(loop.getName().startsWith(name + "-loop"), loop.getName());

        try (Socket client = new Socket()) {
            client.connect(channel.getLocalAddress());
            client.setSoTimeout(10_000);
            assertTrue(handlerReading.await(5, TimeUnit.SECONDS));

            scheduler.close();

            assertEquals(Set.of("handler", "sleeper", "suspended"), unwound, "every task ended through its finally blocks");
            assertTrue(scheduler.tasks().isEmpty());
            assertFalse(scheduler.running());
            assertFalse(channel.isOpen(), "the server was closed");
            InputStream in = client.getInputStream();
            assertEquals(-1, in.read(), "the accepted connection was closed: the client sees EOF");
        }
        loop.join(5_000);
        assertFalse(loop.isAlive(), "the loop thread ended");
        Thread task = sleeperThread.get();
        assertNotNull(task);
        task.join(5_000);
        assertFalse(task.isAlive(), "the task threads ended");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.isAlive() && t.getName().startsWith(name + "-loop"), "live loop thread " + t);
        }
        scheduler.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> scheduler.add(() -> { }), "a closed scheduler takes no work");
    }

    @Test
    void closeCancelsPendingSubmissions() throws Exception {
        Scheduler scheduler = Scheduler.builder().name("svc-cancel").build();
        scheduler.start();
        CompletableFuture<Object> pending = scheduler.submit(() -> {
            Copas.pause(Duration.ofHours(1));
            return "never";
        });
        scheduler.status(); // the task has started by the time the loop answers
        scheduler.close();
        assertTrue(pending.isDone());
        assertTrue(pending.isCancelled(), "the future of a task removed by close() is cancelled");
        assertThrows(CancellationException.class, () -> pending.get(1, TimeUnit.SECONDS));
    }

    /**
     * Found by a contract trial: start() during an embedded loop() returned normally, its thread
     * could not take the loop, and once loop() ended no loop ran submitted work (a second start()
     * said "already started").
     */
    @Test
    void startWhileAnEmbeddedLoopRunsIsRefusedAndTheSchedulerCanStartLater() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            CountDownLatch looping = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Throwable> fromTask = new AtomicReference<>();
            Thread looper = Thread.ofPlatform().start(() -> scheduler.loop(() -> {
                try {
                    Copas.scheduler().start();
                } catch (Throwable e) {
                    fromTask.set(e);
                }
                looping.countDown();
                while (release.getCount() > 0) {
                    Copas.pause(Duration.ofMillis(5));
                }
            }));
            assertTrue(looping.await(10, TimeUnit.SECONDS));
            IllegalStateException fromOutside = assertThrows(IllegalStateException.class, scheduler::start);
            assertTrue(fromOutside.getMessage().contains("already runs a loop"), fromOutside.getMessage());
            assertInstanceOf(IllegalStateException.class, fromTask.get());
            release.countDown();
            looper.join(10_000);
            assertFalse(scheduler.running());
            scheduler.start(); // the refused starts left nothing behind
            assertEquals(42, scheduler.submit(() -> 42).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeFromAnotherThreadEndsAnEmbeddedLoop() throws Exception {
        Scheduler scheduler = Scheduler.builder().name("embedded-close").build();
        List<String> unwound = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch sleeping = new CountDownLatch(1);
        scheduler.add(() -> {
            try {
                sleeping.countDown();
                Copas.pause(Duration.ofHours(1));
            } finally {
                unwound.add("sleeper");
            }
        });
        CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
            try {
                sleeping.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.close();
        });
        long start = System.nanoTime();
        scheduler.loop();
        closer.get(10, TimeUnit.SECONDS);
        assertTrue(TestSockets.millisSince(start) < 5_000);
        assertEquals(List.of("sleeper"), unwound);
        assertTrue(scheduler.tasks().isEmpty());
    }

    @Test
    void closingANeverStartedSchedulerIsQuick() {
        Scheduler scheduler = Scheduler.create();
        Task task = scheduler.add(() -> { });
        scheduler.close();
        assertTrue(task.isDone());
        assertFalse(scheduler.running());
    }

    @Test
    void tasksAddedWhileShutdownUnwindsEndAtOnce() throws Exception {
        Scheduler scheduler = Scheduler.builder().name("svc-drain").build();
        scheduler.start();
        java.util.concurrent.CountDownLatch parked = new java.util.concurrent.CountDownLatch(1);
        scheduler.add(() -> {
            try {
                parked.countDown();
                Copas.pauseForever();
            } finally {
                Copas.scheduler().add("late", () -> Copas.pause(Duration.ofHours(1)));
            }
        });
        assertTrue(parked.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        scheduler.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "close did not wait for the late task");
        assertEquals(java.util.List.of(), scheduler.tasks());
    }

    @Test
    void serviceIsRunningAsSoonAsStartReturns() {
        // regression: running() was set by the loop thread, so a caller (a DS consumer) could see a
        // freshly started service as not running
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.start();
            assertTrue(scheduler.running());
        }
    }
}

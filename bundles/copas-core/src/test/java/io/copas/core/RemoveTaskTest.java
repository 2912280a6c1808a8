package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.millisSince;
import static io.copas.core.TestSockets.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduler.remove ends a task in any state at once, unwinding it, and leaves it garbage (upstream removethread.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemoveTaskTest {

    @Test
    void removedSleeperNoLongerKeepsLoopAliveAndUnwinds() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> events = new CopyOnWriteArrayList<>();
            AtomicBoolean removedResult = new AtomicBoolean();
            AtomicBoolean removedAgain = new AtomicBoolean(true);
            Task sleeper = scheduler.add("sleeper", () -> {
                try {
                    Copas.pause(Duration.ofSeconds(20));
                    events.add("woke");
                } finally {
                    events.add("finally");
                }
            });
            scheduler.add("remover", () -> {
                Copas.pause(Duration.ofMillis(100));
                removedResult.set(Copas.scheduler().remove(sleeper));
                removedAgain.set(Copas.scheduler().remove(sleeper));
            });
            long start = System.nanoTime();
            scheduler.loop();
            long took = millisSince(start);
            assertTrue(took < 5_000, "the loop waited for the removed pause: " + took + " ms");
            assertTrue(removedResult.get());
            assertFalse(removedAgain.get(), "a removed task is no longer live");
            assertEquals(List.of("finally"), events, "the task unwinds through its finally block only");
            assertTrue(sleeper.isDone());
            assertEquals(TaskState.DONE, sleeper.state());
            assertNoTaskErrors(errors); // TaskRemovedError is never reported
            assertClean(scheduler);
        }
    }

    @Test
    void removedEndlessSleeperBecomesGarbage() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            ReferenceQueue<Task> queue = new ReferenceQueue<>();
            WeakReference<Task> ref = startEndlessSleeperRemovedLater(scheduler, queue);
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertClean(scheduler);
            assertTrue(TestSockets.collected(ref, queue), "the removed task is still reachable");
        }
    }

    /** Keeps no strong reference to the sleeper outside the scheduler. */
    private static WeakReference<Task> startEndlessSleeperRemovedLater(Scheduler scheduler, ReferenceQueue<Task> queue) {
        AtomicReference<Task> victim = new AtomicReference<>();
        AtomicInteger rounds = new AtomicInteger();
        victim.set(scheduler.add(() -> {
            while (true) {
                Copas.pause(Duration.ofMillis(50));
                rounds.incrementAndGet();
            }
        }));
        scheduler.add(() -> {
            Copas.pause(Duration.ofMillis(300));
            assertTrue(rounds.get() > 0, "the sleeper ran");
            assertTrue(Copas.scheduler().remove(victim.getAndSet(null)));
        });
        return new WeakReference<>(victim.get(), queue);
    }

    @Test
    void runningTaskRemovesItselfAndUnwindsAtNextYield() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> events = new CopyOnWriteArrayList<>();
            Task task = scheduler.add(() -> {
                try {
                    events.add("remove=" + Copas.scheduler().remove(Copas.current()));
                    events.add("still running");
                    Copas.pause();
                    events.add("after yield");
                } finally {
                    events.add("finally");
                }
            });
            scheduler.loop();
            assertEquals(List.of("remove=true", "still running", "finally"), events);
            assertTrue(task.isDone());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void runningTaskThatRemovesItselfAndEndsWithoutYieldingJustEnds() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicBoolean reachedEnd = new AtomicBoolean();
            Task task = scheduler.add(() -> {
                Copas.scheduler().remove(Copas.current());
                reachedEnd.set(true);
            });
            scheduler.loop();
            assertTrue(reachedEnd.get());
            assertTrue(task.isDone());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void removedSuspendedTaskUnwinds() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> events = new CopyOnWriteArrayList<>();
            Task suspended = scheduler.add(() -> {
                try {
                    Copas.pauseForever();
                    events.add("woke");
                } finally {
                    events.add("finally");
                }
            });
            scheduler.add(() -> {
                pauseUntil(() -> suspended.state() == TaskState.SUSPENDED, Duration.ofSeconds(5), "suspension");
                assertTrue(Copas.scheduler().remove(suspended));
                assertFalse(Copas.wakeup(suspended), "a removed task cannot be woken");
            });
            scheduler.loop();
            assertEquals(List.of("finally"), events);
            assertTrue(suspended.isDone());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void removedTaskBlockedInReceiveUnwindsAndReleasesTheSocket() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> events = new CopyOnWriteArrayList<>();
            AtomicReference<String> laterLine = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                socket.receiveLine(); // "go": the first reader was removed meanwhile
                socket.send("for the next reader\n");
            });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                Task reader = Copas.scheduler().add(() -> {
                    try {
                        client.receiveLine();
                        events.add("received");
                    } finally {
                        events.add("finally");
                    }
                });
                pauseUntil(() -> reader.state() == TaskState.READING, Duration.ofSeconds(5), "reader to block");
                assertTrue(Copas.scheduler().remove(reader));
                Copas.pause();
                assertTrue(reader.isDone());
                // the socket is free for another reader
                client.send("go\n");
                laterLine.set(client.receiveLine());
                client.close();
            });
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(millisSince(start) < 5_000);
            assertEquals(List.of("finally"), events);
            assertEquals("for the next reader", laterLine.get());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void taskRemovedBeforeItStartsNeverRuns() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicBoolean ran = new AtomicBoolean();
            Task task = scheduler.add(() -> ran.set(true));
            assertTrue(scheduler.remove(task));
            scheduler.loop();
            assertFalse(ran.get());
            assertTrue(task.isDone());
            assertFalse(scheduler.remove(task));
            assertClean(scheduler);
        }
    }

    @Test
    void removedTaskIsNotReportedEvenWithItsOwnHandler() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<Throwable> own = new CopyOnWriteArrayList<>();
            Task sleeper = scheduler.add(() -> {
                Copas.setErrorHandler((e, t, s) -> own.add(e));
                Copas.pause(Duration.ofSeconds(20));
            });
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(20));
                Copas.scheduler().remove(sleeper);
            });
            scheduler.loop();
            assertTrue(own.isEmpty(), () -> "own handler called with " + own);
            assertNoTaskErrors(errors);
        }
    }
}

package io.copas.sync;

import static io.copas.sync.SyncTesting.ms;
import static io.copas.sync.SyncTesting.pauseUntil;
import static io.copas.sync.SyncTesting.runLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancel, timeout, removal and destroy racing each other across the primitives. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterleavingsTest {

    @Test
    void cancelAllEndsEveryKindOfWaitAtOnce() {
        List<String> unwound = new CopyOnWriteArrayList<>();
        AtomicReference<Lock> lock = new AtomicReference<>();
        AtomicReference<Semaphore> sema = new AtomicReference<>();
        long took = SyncTesting.runUntilLoopEnds(() -> {
            Scheduler scheduler = Copas.scheduler();
            lock.set(Lock.create(ms(60_000), true));
            lock.get().get();
            sema.set(Semaphore.create(5, 0, Semaphore.FOREVER));
            Queue<String> queue = Queue.create();
            Queue<String> unfinished = Queue.create();
            unfinished.push("never handled");
            CopasFuture<String> future = CopasFuture.add(() -> {
                Copas.pause(ms(60_000));
                return "late";
            });
            record Wait(String name, SyncTesting.ThrowingRunnable body) { }
            for (Wait wait : List.of(
                    new Wait("lock", () -> lock.get().get()),
                    new Wait("semaphore", () -> sema.get().take(3, null)),
                    new Wait("pop", () -> queue.pop(Queue.FOREVER)),
                    new Wait("finish", () -> unfinished.finish(ms(60_000), false)),
                    new Wait("future", future::get))) {
                scheduler.add(wait.name(), () -> {
                    try {
                        wait.body().run();
                    } finally {
                        unwound.add(wait.name());
                    }
                });
            }
            Copas.pause(ms(100));
            scheduler.cancelAll();
        });
        assertTrue(took < 5_000, "cancelAll did not end the waits at once: " + took + " ms");
        assertEquals(List.of("finish", "future", "lock", "pop", "semaphore"), unwound.stream().sorted().toList());
        assertEquals(0, lock.get().waiting());
        assertEquals(0, sema.get().waiters());
    }

    @Test
    void closingAServiceSchedulerUnwindsWaiters() throws Exception {
        List<String> unwound = new CopyOnWriteArrayList<>();
        Scheduler scheduler = Scheduler.create();
        try (scheduler) {
            scheduler.start();
            Lock lock = Lock.create(scheduler, Lock.FOREVER, true);
            CompletableFuture<Void> held = scheduler.submit(() -> {
                lock.get();
                return null;
            });
            held.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                scheduler.add(() -> {
                    try {
                        lock.get();
                    } finally {
                        unwound.add("waiter");
                    }
                });
            }
            CopasFuture<Integer> waiting = CopasFuture.add(scheduler, "counter", () -> {
                while (lock.waiting() < 3) {
                    Copas.pause(ms(5));
                }
                return lock.waiting();
            });
            assertEquals(3, waiting.completionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        assertEquals(3, unwound.size(), "close() unwinds the waiting tasks");
    }

    @Test
    void exitDoesNotDisturbSyncWaits() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            AtomicReference<String> result = new AtomicReference<>();
            Copas.scheduler().add(() -> {
                try {
                    lock.get(ms(1_000)); // far beyond the 40 ms below, even on a loaded machine
                    result.set("got");
                } catch (SyncTimeoutException e) {
                    result.set("timeout");
                }
            });
            Copas.pause(ms(20));
            Copas.scheduler().exit(); // upstream: exit only releases waitforexit
            Copas.pause(ms(20));
            assertEquals(null, result.get());
            pauseUntil(() -> result.get() != null, 5_000);
            assertEquals("timeout", result.get());
        });
    }

    @Test
    void futureCancelledWhileItsTaskWaitsForALockLeavesTheLine() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            CopasFuture<String> future = CopasFuture.add(() -> {
                lock.get();
                return "got the lock";
            });
            AtomicReference<String> next = new AtomicReference<>();
            Copas.scheduler().add(() -> {
                lock.get();
                next.set("next got it");
                lock.release();
            });
            Copas.pause(ms(50));
            assertEquals(2, lock.waiting());
            assertTrue(future.cancel());
            lock.release();
            pauseUntil(() -> next.get() != null, 5_000);
            pauseUntil(() -> lock.owner().isEmpty(), 5_000);
            assertTrue(future.isCancelled());
            assertEquals(0, lock.waiting());
        });
    }

    @Test
    void timeoutsRacingReleasesNeverBreakMutualExclusion() {
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        runLoop(() -> {
            Lock lock = Lock.create();
            Semaphore sema = Semaphore.create(3, 3, null);
            AtomicInteger inLock = new AtomicInteger();
            AtomicInteger inSema = new AtomicInteger();
            Random random = new Random(42);
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Duration timeout = ms(random.nextInt(30));
                Duration hold = ms(random.nextInt(4));
                Duration start = ms(random.nextInt(20));
                boolean useLock = i % 2 == 0;
                int n = 1 + random.nextInt(3);
                tasks.add(Copas.scheduler().add(() -> {
                    Copas.pause(start);
                    try {
                        if (useLock) {
                            lock.get(timeout);
                            if (inLock.incrementAndGet() != 1) {
                                violations.add("two lock owners");
                            }
                            Copas.pause(hold);
                            inLock.decrementAndGet();
                            lock.release();
                        } else {
                            sema.take(n, timeout);
                            if (inSema.addAndGet(n) > 3) {
                                violations.add("semaphore over max");
                            }
                            Copas.pause(hold);
                            inSema.addAndGet(-n);
                            sema.give(n);
                        }
                        succeeded.incrementAndGet();
                    } catch (SyncTimeoutException e) {
                        timedOut.incrementAndGet();
                    }
                }));
            }
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 20_000);
            assertEquals(Optional.empty(), lock.owner(), "the lock ends free");
            assertEquals(0, lock.waiting());
            assertEquals(3, sema.count(), "every resource came back");
            assertEquals(0, sema.waiters());
        });
        assertEquals(List.of(), violations);
        assertEquals(200, succeeded.get() + timedOut.get());
        assertTrue(succeeded.get() > 0 && timedOut.get() > 0,
                "the race should produce both: " + succeeded.get() + " / " + timedOut.get());
    }

    @Test
    void destroyRacingTimeoutsEndsEveryWaiterOneWayOrTheOther() {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        runLoop(() -> {
            Lock lock = Lock.create();
            Semaphore sema = Semaphore.create(1, 0, null);
            lock.get();
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Duration timeout = ms(90 + i % 20); // around the moment of destroy
                boolean useLock = i % 2 == 0;
                tasks.add(Copas.scheduler().add(() -> {
                    try {
                        if (useLock) {
                            lock.get(timeout);
                        } else {
                            sema.take(1, timeout);
                        }
                        outcomes.add("success");
                    } catch (SyncTimeoutException e) {
                        outcomes.add("timeout");
                    } catch (DestroyedException e) {
                        outcomes.add("destroyed");
                    }
                }));
            }
            Copas.pause(ms(100));
            lock.destroy();
            sema.destroy();
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 5_000);
        });
        assertEquals(40, outcomes.size());
        assertFalse(outcomes.contains("success"));
    }

    @Test
    void timerCallbackWaitingOnALockSurvivesTheLocksDestruction() {
        List<String> reports = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            Timer<Object> timer = Timer.builder(ms(20), (t, p) -> {
                runs.incrementAndGet();
                lock.get(); // fails with DestroyedException from the second run on
            }).recurring(true).errorHandler((error, task, socket) -> reports.add(error.getClass().getSimpleName()))
                    .build();
            Copas.pause(ms(60));
            lock.destroy();
            Copas.pause(ms(100));
            assertTrue(timer.cancel());
        });
        assertTrue(runs.get() >= 3, "the timer went on after the errors: " + runs.get());
        assertTrue(reports.size() >= 2 && reports.stream().allMatch("DestroyedException"::equals), reports.toString());
    }
}

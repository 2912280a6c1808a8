package io.copas.sync;

import static io.copas.sync.SyncTesting.millisSince;
import static io.copas.sync.SyncTesting.ms;
import static io.copas.sync.SyncTesting.now;
import static io.copas.sync.SyncTesting.pauseUntil;
import static io.copas.sync.SyncTesting.runLoop;
import static io.copas.sync.SyncTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lock: upstream tests/lock.lua, plus the 4.11 bugs around timeouts and removed waiters. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {

    @Test
    void nonReentrantSecondGetByOwnerWaitsAndTimesOut() {
        runVirtual(() -> {
            Lock lock = Lock.create(null, false);
            assertFalse(lock.isReentrant());
            assertEquals(Duration.ZERO, lock.get());
            long start = now();
            SyncTimeoutException timeout = assertThrows(SyncTimeoutException.class, () -> lock.get(ms(300)));
            long took = millisSince(start);
            assertEquals(300, took, "the 300 ms timeout");
            assertEquals(ms(300), timeout.waited());
            assertTrue(timeout.getMessage().startsWith("timeout"), timeout.getMessage());
            assertEquals(Optional.of(Copas.current()), lock.owner(), "still owned by the caller");
            assertEquals(0, lock.waiting(), "the timed-out get left no waiter behind");
        });
    }

    @Test
    void secondReleaseFailsClearlyAndReleaseAfterDestroyFails() {
        runLoop(() -> {
            Lock lock = Lock.create(null, false);
            lock.get();
            lock.release();
            IllegalMonitorStateException notOwned = assertThrows(IllegalMonitorStateException.class, lock::release);
            assertTrue(notOwned.getMessage().contains("cannot release a lock not owned"), notOwned.getMessage());

            lock.get();
            assertTrue(lock.destroy());
            DestroyedException destroyed = assertThrows(DestroyedException.class, lock::release);
            assertTrue(destroyed.getMessage().startsWith("destroyed"), destroyed.getMessage());
            assertThrows(DestroyedException.class, lock::get);
            assertThrows(DestroyedException.class, () -> lock.get(Duration.ZERO));
            assertFalse(lock.destroy(), "destroying twice reports false");
            assertTrue(lock.isDestroyed());
        });
    }

    @Test
    void releaseByAnotherTaskFails() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Task other = Copas.scheduler().add("other", () -> {
                try {
                    lock.release();
                } catch (IllegalMonitorStateException e) {
                    failure.set(e);
                }
            });
            pauseUntil(other::isDone, 5_000);
            assertTrue(failure.get().getMessage().contains("task 'other'"), failure.get().getMessage());
            lock.release();
        });
    }

    @Test
    void reentrantLockCountsItsHolds() {
        runLoop(() -> {
            Lock lock = Lock.create();
            assertEquals(Lock.DEFAULT_TIMEOUT, lock.defaultTimeout());
            assertEquals(Duration.ofSeconds(10), lock.defaultTimeout());
            lock.get();
            lock.get();
            assertEquals(2, lock.holdCount());
            lock.release();
            assertEquals(Optional.of(Copas.current()), lock.owner(), "one release of two keeps the lock");
            AtomicBoolean otherGot = new AtomicBoolean();
            Task other = Copas.scheduler().add(() -> {
                lock.get(ms(5_000));
                otherGot.set(true);
                lock.release();
            });
            Copas.pause(ms(50));
            assertFalse(otherGot.get());
            lock.release();
            pauseUntil(other::isDone, 5_000);
            assertTrue(otherGot.get());
            assertEquals(Optional.empty(), lock.owner());
        });
    }

    @Test
    void getWithZeroTimeoutFailsAtOnceWithoutQueueing() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            AtomicBoolean laterGot = new AtomicBoolean();
            Task quick = Copas.scheduler().add("quick", () -> {
                SyncTimeoutException e = assertThrows(SyncTimeoutException.class, () -> lock.get(Duration.ZERO));
                assertEquals(Duration.ZERO, e.waited());
                assertEquals(0, lock.waiting(), "a zero-timeout get must not queue (4.11 BUG)");
            });
            pauseUntil(quick::isDone, 5_000);
            lock.release();
            assertEquals(Optional.empty(), lock.owner(), "released to nobody: the zero-timeout caller is not in line");
            Copas.scheduler().add(() -> {
                assertEquals(Duration.ZERO, lock.get(Duration.ZERO));
                laterGot.set(true);
                lock.release();
            });
            pauseUntil(laterGot::get, 5_000);
        });
    }

    @Test
    void zeroTimeoutDoesNotYield() {
        runVirtual(() -> {
            Lock lock = Lock.create();
            Task holder = Copas.scheduler().add(() -> {
                lock.get();
                Copas.pause(ms(300));
                lock.release();
            });
            pauseUntil(() -> lock.owner().isPresent(), 5_000);
            SyncTesting.YieldDetector detector = new SyncTesting.YieldDetector();
            int before = detector.ticks();
            long start = now();
            assertThrows(SyncTimeoutException.class, () -> lock.get(Duration.ZERO));
            assertEquals(before, detector.ticks(), "get(0) yielded");
            assertTrue(millisSince(start) < 100);
            detector.stop();
            pauseUntil(holder::isDone, 5_000);
        });
    }

    @Test
    void getForeverWaitsWithoutKeepingTheLoopAlive() {
        AtomicBoolean waiterGot = new AtomicBoolean();
        AtomicReference<Task> waiter = new AtomicReference<>();
        try (SyncTesting.Harness harness = new SyncTesting.Harness()) {
            long took = harness.run(() -> {
                Lock lock = Lock.create(Lock.FOREVER, true);
                assertEquals(Lock.FOREVER, lock.defaultTimeout());
                lock.get(); // never released: the waiter waits forever, without a timer
                waiter.set(Copas.scheduler().add(() -> {
                    lock.get();
                    waiterGot.set(true);
                }));
                Copas.pause(ms(50));
            });
            assertTrue(took < 5_000, "a FOREVER waiter kept the loop alive: " + took + " ms");
            assertFalse(waiterGot.get());
            assertFalse(waiter.get().isDone(), "it still waits (until the scheduler closes)");
        }
        assertTrue(waiter.get().isDone(), "closing the scheduler unwinds it");
    }

    /** Upstream's 750-thread scenario, scaled down in time: a third succeed, a third time out, a third see destroy. */
    @Test
    void thirdsSucceedTimeOutAndSeeDestroy() {
        int size = 300;
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger destroyed = new AtomicInteger();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        runVirtual(() -> {
            Lock lock = Lock.create(ms(10_000), true);
            lock.get();
            List<Task> tasks = new ArrayList<>();
            for (int n = 1; n <= size; n++) {
                int i = n;
                Duration timeout = i > size * 2 / 3 ? ms(60_000) : i > size / 3 ? ms(500) : ms(10_000);
                tasks.add(Copas.scheduler().add("t" + i, () -> {
                    try {
                        lock.get(timeout);
                        succeeded.incrementAndGet();
                        if (i == size / 3) {
                            Copas.pause(ms(1_000)); // the second third times out meanwhile
                            lock.release();
                            assertTrue(lock.destroy()); // the last third sees "destroyed"
                        } else {
                            lock.release();
                        }
                    } catch (SyncTimeoutException e) {
                        timedOut.incrementAndGet();
                    } catch (DestroyedException e) {
                        destroyed.incrementAndGet();
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }));
            }
            lock.release();
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 20_000);
        });
        assertEquals(List.of(), unexpected);
        assertEquals(size / 3, succeeded.get(), "succeeded");
        assertEquals(size / 3, timedOut.get(), "timed out");
        assertEquals(size / 3, destroyed.get(), "destroyed");
    }

    /** Upstream test 2 (#199): a removed waiter must not receive ownership. */
    @Test
    void removedWaiterDoesNotReceiveOwnership() {
        runVirtual(() -> {
            Scheduler scheduler = Copas.scheduler();
            Lock lock = Lock.create(ms(5_000), true);
            lock.get();
            List<String> events = new CopyOnWriteArrayList<>();
            Task cancelled = scheduler.add("cancelled", () -> {
                try {
                    lock.get();
                    events.add("cancelled got it");
                } finally {
                    events.add("cancelled unwound");
                }
            });
            AtomicReference<String> result = new AtomicReference<>();
            scheduler.add("legit", () -> {
                lock.get();
                result.set("got it");
                assertEquals(Optional.of(Copas.current()), lock.owner());
                lock.release();
            });
            Copas.pause(ms(100));
            assertEquals(2, lock.waiting());
            assertTrue(scheduler.remove(cancelled));
            assertEquals(1, lock.waiting(), "a removed waiter is not counted");
            lock.release();
            assertTrue(lock.owner().isPresent());
            assertEquals("legit", lock.owner().get().name(), "handed straight to the live waiter");
            Copas.pause(ms(100));
            assertEquals("got it", result.get());
            assertEquals(Optional.empty(), lock.owner(), "the lock is free again");
            assertEquals(List.of("cancelled unwound"), events);
        });
    }

    @Test
    void waiterRemovedAfterTheHandOffPassesTheLockOn() {
        runLoop(() -> {
            Scheduler scheduler = Copas.scheduler();
            Lock lock = Lock.create();
            lock.get();
            AtomicBoolean firstGot = new AtomicBoolean();
            Task first = scheduler.add("first", () -> {
                lock.get();
                firstGot.set(true);
            });
            AtomicBoolean secondGot = new AtomicBoolean();
            scheduler.add("second", () -> {
                lock.get();
                secondGot.set(true);
                lock.release();
            });
            Copas.pause(ms(50));
            lock.release(); // hands the lock to "first", which has not run yet...
            assertEquals("first", lock.owner().orElseThrow().name());
            scheduler.remove(first); // ... and never will: it unwinds and passes the lock on
            pauseUntil(secondGot::get, 5_000);
            assertFalse(firstGot.get());
            pauseUntil(() -> lock.owner().isEmpty(), 5_000);
        });
    }

    @Test
    void timedOutWaiterLeavesNoStaleEntry() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            Task waiter = Copas.scheduler().add(() -> assertThrows(SyncTimeoutException.class, () -> lock.get(ms(100))));
            pauseUntil(waiter::isDone, 5_000);
            assertEquals(0, lock.waiting());
            lock.release();
            assertEquals(Optional.empty(), lock.owner(), "the timed-out waiter must not be handed the lock");
        });
    }

    @Test
    void strayWakeupDoesNotGrantTheLock() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            AtomicReference<Duration> waited = new AtomicReference<>();
            Task waiter = Copas.scheduler().add("waiter", () -> {
                waited.set(lock.get(ms(5_000)));
                lock.release();
            });
            pauseUntil(() -> lock.waiting() == 1, 5_000); // waiting before the 100 ms start
            Copas.pause(ms(50));
            assertTrue(Copas.wakeup(waiter));
            Copas.pause(ms(50));
            assertEquals(null, waited.get(), "a stray wakeup must not return success (4.11 QUIRK)");
            assertEquals(1, lock.waiting(), "the woken waiter is back in line");
            assertEquals(Copas.current(), lock.owner().orElseThrow());
            lock.release();
            pauseUntil(waiter::isDone, 5_000);
            assertTrue(waited.get().toMillis() >= 100, "waited " + waited.get());
        });
    }

    @Test
    void fifoHandOff() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            List<String> order = new CopyOnWriteArrayList<>();
            List<Task> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c", "d")) {
                tasks.add(Copas.scheduler().add(name, () -> {
                    lock.get();
                    order.add(name);
                    Copas.pause(ms(5));
                    lock.release();
                }));
                Copas.pause(); // each enqueues before the next starts
            }
            lock.release();
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 5_000);
            assertEquals(List.of("a", "b", "c", "d"), order);
        });
    }

    @Test
    void destroyReleasesEveryWaiterWithTheTimeWaited() {
        runLoop(() -> {
            Lock lock = Lock.create();
            lock.get();
            List<Duration> waited = new CopyOnWriteArrayList<>();
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(Copas.scheduler().add(() -> {
                    DestroyedException e = assertThrows(DestroyedException.class, lock::get);
                    waited.add(e.waited());
                }));
            }
            pauseUntil(() -> lock.waiting() == 3, 5_000); // all waiting before the 100 ms start
            Copas.pause(ms(100));
            assertTrue(lock.destroy());
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 5_000);
            assertEquals(3, waited.size());
            waited.forEach(d -> assertTrue(d.toMillis() >= 100, "waited " + d));
            assertEquals(0, lock.waiting());
        });
    }

    @Test
    void argumentsAndCallingContextAreChecked() {
        assertThrows(IllegalStateException.class, Lock::create, "no scheduler outside a task");
        try (Scheduler scheduler = Scheduler.create()) {
            assertThrows(IllegalArgumentException.class, () -> Lock.create(scheduler, ms(-1), true));
            Lock lock = Lock.create(scheduler, null, true);
            IllegalStateException outside = assertThrows(IllegalStateException.class, lock::get);
            assertTrue(outside.getMessage().contains("must be called from a task"), outside.getMessage());
            assertThrows(IllegalStateException.class, lock::release);
            SyncTesting.Harness other = new SyncTesting.Harness();
            try (other) {
                other.run(() -> {
                    assertThrows(IllegalStateException.class, lock::get, "a task of another scheduler");
                    assertThrows(IllegalStateException.class, lock::destroy);
                    Lock own = Lock.create();
                    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> own.get(ms(-5)));
                    assertTrue(negative.getMessage().contains("timeout"), negative.getMessage());
                });
            }
            assertTrue(lock.destroy(), "set-up calls are allowed while the loop does not run");
        }
    }

    @Test
    void cancelAllUnwindsWaitersAndLeavesNoneBehind() {
        AtomicInteger unwound = new AtomicInteger();
        AtomicReference<Lock> lockRef = new AtomicReference<>();
        long took = SyncTesting.runUntilLoopEnds(() -> {
            Lock lock = Lock.create(ms(60_000), true);
            lockRef.set(lock);
            lock.get();
            for (int i = 0; i < 5; i++) {
                Copas.scheduler().add(() -> {
                    try {
                        lock.get();
                    } finally {
                        unwound.incrementAndGet();
                    }
                });
            }
            Copas.scheduler().add(() -> {
                Copas.pause(ms(100));
                assertEquals(5, lock.waiting());
                Copas.scheduler().cancelAll();
            });
            Copas.pause(ms(60_000)); // removed by cancelAll as well
        });
        assertTrue(took < 5_000, "cancelAll did not end the waits at once: " + took + " ms");
        assertEquals(5, unwound.get());
        assertEquals(0, lockRef.get().waiting());
    }

    @Test
    void sameLockObjectAcrossOwners() {
        runLoop(() -> {
            Lock lock = Lock.create();
            Task a = Copas.scheduler().add("a", () -> {
                lock.get();
                Copas.pause(ms(100));
                lock.release();
            });
            Copas.pause(ms(10));
            assertSame(a, lock.owner().orElseThrow());
            Duration waited = lock.get();
            assertTrue(waited.compareTo(Duration.ZERO) > 0, "waited " + waited); // how long depends on the load
            lock.release();
        });
    }
}

package io.copas.sync;

import static io.copas.sync.SyncTesting.millisSince;
import static io.copas.sync.SyncTesting.ms;
import static io.copas.sync.SyncTesting.now;
import static io.copas.sync.SyncTesting.pauseUntil;
import static io.copas.sync.SyncTesting.runLoop;
import static io.copas.sync.SyncTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Semaphore: upstream tests/semaphore.lua, the #199 and #203 cases of 4.12, and the 4.11 bugs. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {

    private static Task taker(Semaphore sema, int n, List<String> log, String name) {
        return Copas.scheduler().add(name, () -> {
            sema.take(n, null);
            log.add(name);
        });
    }

    @Test
    void countsTimeoutsTooManyAndFifoRelease() {
        runVirtual(() -> {
            Semaphore sema = Semaphore.create(10, 5, ms(300));
            assertEquals(5, sema.count());
            sema.take(3, null);
            assertEquals(2, sema.count());

            SyncTesting.YieldDetector detector = new SyncTesting.YieldDetector();
            int ticks = detector.ticks();
            long start = now();
            assertThrows(SyncTimeoutException.class, () -> sema.take(3, Duration.ZERO), "one too many, no wait");
            assertThrows(SyncTimeoutException.class, () -> sema.take(10, Duration.ZERO), "way too many, no wait");
            TooManyException tooMany = assertThrows(TooManyException.class, () -> sema.take(11, null));
            assertTrue(tooMany.getMessage().startsWith("too many"), tooMany.getMessage());
            assertEquals(ticks, detector.ticks(), "none of these may yield");
            assertTrue(millisSince(start) < 100);
            detector.stop();

            start = now();
            assertThrows(SyncTimeoutException.class, () -> sema.take(10, null), "default timeout");
            long took = millisSince(start);
            assertEquals(300, took, "the 300 ms default timeout");
            assertEquals(2, sema.count());
            assertEquals(0, sema.waiters(), "the timed-out taker left the line");

            List<String> log = new CopyOnWriteArrayList<>();
            Semaphore forever = Semaphore.create(10, 2, Semaphore.FOREVER);
            taker(forever, 5, log, "first");
            taker(forever, 5, log, "second");
            Copas.pause(ms(100));
            assertEquals(List.of(), log);
            assertEquals(2, forever.count());
            assertTrue(forever.give(4));
            assertEquals(1, forever.count(), "6 available, 5 go to the first");
            Copas.pause(ms(50));
            assertEquals(List.of("first"), log);
            assertTrue(forever.give(4));
            assertEquals(0, forever.count(), "5 available, 5 go to the second");
            Copas.pause(ms(50));
            assertEquals(List.of("first", "second"), log);

            assertFalse(forever.give(100), "capped: too many");
            assertEquals(10, forever.count());
        });
    }

    @Test
    void largeRequestAtTheHeadIsNotOvertaken() {
        runLoop(() -> {
            Semaphore sema = Semaphore.create(10, 0, Semaphore.FOREVER);
            List<String> log = new CopyOnWriteArrayList<>();
            taker(sema, 5, log, "big");
            Copas.pause(ms(20));
            taker(sema, 1, log, "small");
            Copas.pause(ms(20));
            sema.give(1);
            Copas.pause(ms(20));
            assertEquals(List.of(), log, "the small request waits behind the big one");
            assertEquals(1, sema.count());
            sema.give(4);
            Copas.pause(ms(20));
            assertEquals(List.of("big"), log);
            assertEquals(0, sema.count());
            sema.give(1);
            Copas.pause(ms(20));
            assertEquals(List.of("big", "small"), log);
            // and a newcomer does not overtake a waiting head on the fast path
            taker(sema, 3, log, "head");
            Copas.pause(ms(20));
            sema.give(2);
            assertThrows(SyncTimeoutException.class, () -> sema.take(1, Duration.ZERO), "must not overtake the head");
            sema.give(1);
            Copas.pause(ms(20));
            assertEquals(List.of("big", "small", "head"), log);
        });
    }

    @Test
    void destroyReleasesWaitersAndEveryLaterCallFails() {
        runVirtual(() -> {
            Semaphore sema = Semaphore.create(10, 0, null);
            AtomicInteger destroyed = new AtomicInteger();
            for (int i = 0; i < 2; i++) {
                Copas.scheduler().add(() -> {
                    try {
                        sema.take(5, null);
                    } catch (DestroyedException e) {
                        destroyed.incrementAndGet();
                    }
                });
            }
            Copas.pause(ms(100));
            assertTrue(sema.destroy());
            Copas.pause(ms(100));
            assertEquals(2, destroyed.get());
            assertFalse(sema.destroy());
            assertThrows(DestroyedException.class, () -> sema.give(1));
            assertThrows(DestroyedException.class, sema::take);
            assertThrows(DestroyedException.class, sema::releaseAll);
            assertEquals(0, sema.count());
            assertTrue(sema.isDestroyed());
        });
    }

    /** Upstream #118: the timeout of a waiter on a destroyed semaphore must not fire later. */
    @Test
    void destroyedWaitersTimeoutNeverFires() {
        try (SyncTesting.Harness harness = new SyncTesting.Harness(new io.copas.test.VirtualClock())) {
            AtomicReference<String> result = new AtomicReference<>();
            long took = harness.run(() -> {
                Semaphore sema = Semaphore.create(10, 0, ms(300));
                Copas.scheduler().add(() -> {
                    try {
                        sema.take();
                        result.set("took");
                    } catch (DestroyedException e) {
                        result.set("destroyed");
                    }
                });
                Copas.pause(ms(50));
                sema.destroy();
                Copas.pause(ms(400)); // past the waiter's timeout
            });
            assertEquals("destroyed", result.get());
            assertEquals(450, took, "nothing pending after the last pause");
        } // the harness fails on any reported error
    }

    /** 4.12 #199: removed waiters neither keep given resources nor block smaller ones behind them. */
    @Test
    void removedWaitersNeitherHoldNorBlockResources() {
        runVirtual(() -> {
            Scheduler scheduler = Copas.scheduler();
            // 2a: a removed big waiter at the head does not block a smaller live one
            Semaphore a = Semaphore.create(10, 0, Semaphore.FOREVER);
            List<String> log = new CopyOnWriteArrayList<>();
            Task big = taker(a, 5, log, "big");
            Copas.pause(ms(20));
            taker(a, 2, log, "small");
            Copas.pause(ms(20));
            assertEquals(7, a.waiting());
            scheduler.remove(big);
            assertEquals(2, a.waiting(), "get_wait leaves removed waiters out");
            assertEquals(1, a.waiters());
            a.give(2);
            Copas.pause(ms(20));
            assertEquals(List.of("small"), log);
            assertEquals(0, a.count());

            // 2b: a removed waiter does not swallow what is given
            Semaphore b = Semaphore.create(10, 0, Semaphore.FOREVER);
            log.clear();
            Task gone = taker(b, 2, log, "gone");
            Copas.pause(ms(20));
            taker(b, 2, log, "live");
            Copas.pause(ms(20));
            scheduler.remove(gone);
            b.give(2);
            Copas.pause(ms(20));
            assertEquals(List.of("live"), log);
            assertEquals(0, b.count());

            // 2c: served, then removed before it ran: the resources go to the next one
            Semaphore c = Semaphore.create(10, 0, Semaphore.FOREVER);
            log.clear();
            Task served = taker(c, 2, log, "served");
            Copas.pause(ms(20));
            taker(c, 2, log, "next");
            Copas.pause(ms(20));
            c.give(2); // goes to "served" ...
            assertEquals(0, c.count());
            scheduler.remove(served); // ... which unwinds and gives it back
            Copas.pause(ms(50));
            assertEquals(List.of("next"), log);
            assertEquals(0, c.count());
            assertEquals(0, c.waiting());
        });
    }

    /** 4.12 #203: releaseAll releases every waiter whatever max is, and leaves no balance. */
    @Test
    void releaseAllReleasesEveryWaiter() {
        runLoop(() -> {
            Semaphore sema = Semaphore.create(2, 0, Semaphore.FOREVER);
            List<String> log = new CopyOnWriteArrayList<>();
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tasks.add(taker(sema, 2, log, "t" + i));
            }
            Copas.pause(ms(50));
            assertEquals(10, sema.waiting());
            sema.give(1);
            assertEquals(9, sema.waiting());
            assertEquals(5, sema.releaseAll());
            assertEquals(0, sema.count(), "no balance left");
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 5_000);
            assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), log);

            // with a removed waiter in the line
            log.clear();
            tasks.clear();
            for (int i = 0; i < 5; i++) {
                tasks.add(taker(sema, 2, log, "u" + i));
            }
            Copas.pause(ms(50));
            Copas.scheduler().remove(tasks.get(2));
            assertEquals(4, sema.releaseAll());
            assertEquals(0, sema.count());
            pauseUntil(() -> tasks.stream().allMatch(Task::isDone), 5_000);
            assertEquals(List.of("u0", "u1", "u3", "u4"), log);
            assertEquals(0, sema.releaseAll(), "nobody left");
        });
    }

    /** 4.11 BUG: a timed-out waiter left a hole that disabled the fast path until the next give. */
    @Test
    void timedOutWaiterDoesNotBlockTheFastPath() {
        runLoop(() -> {
            Semaphore sema = Semaphore.create(10, 0, null);
            Task waiter = Copas.scheduler().add(() -> assertThrows(SyncTimeoutException.class, () -> sema.take(2, ms(100))));
            Copas.pause(ms(20));
            sema.give(1); // not enough for the waiter
            pauseUntil(waiter::isDone, 5_000);
            sema.take(1, Duration.ZERO); // served at once: nobody waits any more
            assertEquals(0, sema.count());
            assertEquals(0, sema.waiting());
        });
    }

    @Test
    void whenTheWaiterAtTheHeadTimesOutTheOnesBehindItAreServedAtOnce() {
        runVirtual(() -> {
            Semaphore sema = Semaphore.create(10, 3, null);
            AtomicReference<String> head = new AtomicReference<>();
            AtomicLong behindServedAt = new AtomicLong(-1);
            long start = now();
            Copas.scheduler().add(() -> {
                try {
                    sema.take(5, ms(200));
                    head.set("served");
                } catch (SyncTimeoutException e) {
                    head.set("timed out");
                }
            });
            Copas.scheduler().add(() -> {
                sema.take(1, ms(1_000));
                behindServedAt.set(millisSince(start));
            });
            pauseUntil(() -> behindServedAt.get() >= 0, 5_000);
            assertEquals("timed out", head.get());
            assertEquals(200, behindServedAt.get(), "served when the head left (upstream: left to its own timeout)");
            assertEquals(2, sema.count());
        });
    }

    @Test
    void aStrayWakeupOfATakeNeitherGrantsUnitsNorLosesItsPlace() {
        runVirtual(() -> {
            Semaphore sema = Semaphore.create(10, 0, null);
            AtomicInteger taken = new AtomicInteger();
            Task waiter = Copas.scheduler().add(() -> {
                sema.take(2, ms(5_000));
                taken.incrementAndGet();
            });
            Copas.pause(ms(10)); // virtual time: the waiter is in line
            assertTrue(Copas.wakeup(waiter));
            Copas.pause(ms(10));
            assertEquals(0, taken.get(), "no units were given (upstream 4.11 returns true)");
            assertEquals(1, sema.waiters(), "still in line");
            sema.give(2);
            pauseUntil(() -> taken.get() == 1, 5_000);
            assertEquals(0, sema.count());
        });
    }

    @Test
    void waitingIsWhatGiveNeedsToReleaseEveryone() {
        runLoop(() -> {
            Semaphore sema = Semaphore.create(10, 1, Semaphore.FOREVER);
            assertEquals(0, sema.waiting(), "nobody waits: zero, whatever the count");
            List<String> log = new CopyOnWriteArrayList<>();
            taker(sema, 3, log, "a");
            Copas.pause(ms(10));
            taker(sema, 2, log, "b");
            Copas.pause(ms(20));
            assertEquals(4, sema.waiting());
            sema.give((int) sema.waiting());
            Copas.pause(ms(20));
            assertEquals(List.of("a", "b"), log);
            assertEquals(0, sema.count());
        });
    }

    @Test
    void cancelAllUnwindsWaiters() {
        AtomicReference<Semaphore> ref = new AtomicReference<>();
        AtomicInteger unwound = new AtomicInteger();
        long took = SyncTesting.runUntilLoopEnds(() -> {
            Semaphore sema = Semaphore.create(10, 0, ms(60_000));
            ref.set(sema);
            for (int i = 0; i < 3; i++) {
                Copas.scheduler().add(() -> {
                    try {
                        sema.take(2, null);
                    } finally {
                        unwound.incrementAndGet();
                    }
                });
            }
            Copas.pause(ms(50));
            Copas.scheduler().cancelAll();
        });
        assertTrue(took < 5_000, "took " + took);
        assertEquals(3, unwound.get());
        assertEquals(0, ref.get().waiting());
        assertEquals(0, ref.get().waiters());
    }

    @Test
    void argumentsAreChecked() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
                    () -> Semaphore.create(scheduler, 0, 0, null));
            assertTrue(max.getMessage().contains("max"), max.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Semaphore.create(scheduler, 2, 3, null));
            assertThrows(IllegalArgumentException.class, () -> Semaphore.create(scheduler, 2, -1, null));
            assertThrows(IllegalArgumentException.class, () -> Semaphore.create(scheduler, 2, 0, ms(-1)));
            Semaphore sema = Semaphore.create(scheduler, 3, 0, null);
            assertEquals(Semaphore.DEFAULT_TIMEOUT, sema.defaultTimeout());
            assertEquals(3, sema.max());
            IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> sema.give(-1));
            assertTrue(n.getMessage().contains("n"), n.getMessage());
            assertTrue(sema.give(2), "set-up call while the loop does not run");
            assertThrows(IllegalStateException.class, sema::take, "take needs a task");
            SyncTesting.runLoop(() -> assertThrows(IllegalStateException.class, () -> sema.give(1),
                    "a task of another scheduler"));
            scheduler.loop(() -> {
                assertThrows(IllegalArgumentException.class, () -> sema.take(-1, null));
                sema.take(2, Duration.ZERO);
            });
            assertEquals(0, sema.count());
        }
    }
}

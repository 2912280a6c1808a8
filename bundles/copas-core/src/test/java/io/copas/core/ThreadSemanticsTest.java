package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What Java code observes about "its" thread, per engine (docs/decisions/0004): interrupt status is
 * per task and never disturbs the loop under every engine; ThreadLocals and lock ownership are per
 * task under every engine that {@code auto} may pick; {@code auto} never picks the continuation
 * engine, which shares one thread between all tasks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadSemanticsTest {

    /** A loop that spins does tens of thousands of steps in the waits below; a sane one a handful. */
    private static final int MANY_STEPS = 1_000;

    private static boolean continuationEngine() {
        return "continuation".equals(System.getProperty("io.copas.engine"));
    }

    @Test
    void interruptStatusIsPerTask() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<String> seen = new ArrayList<>();
            scheduler.add("interrupter", () -> {
                Thread.currentThread().interrupt();
                Copas.pause(Duration.ZERO);
                seen.add("interrupter resumed interrupted=" + Thread.interrupted());
            });
            scheduler.add("bystander", () -> {
                seen.add("bystander interrupted=" + Thread.currentThread().isInterrupted());
                Copas.pause(Duration.ZERO);
                seen.add("bystander later interrupted=" + Thread.currentThread().isInterrupted());
            });
            scheduler.loop();
            assertEquals(List.of("bystander interrupted=false", "interrupter resumed interrupted=true",
                    "bystander later interrupted=false"), seen);
        }
    }

    @Test
    void taskLeavingItsInterruptSetNeverMakesTheIdleLoopSpin() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger steps = countSteps(scheduler);
            scheduler.add("ends interrupted", () -> Thread.currentThread().interrupt());
            scheduler.add("leaves it set while it sleeps", () -> {
                Thread.currentThread().interrupt();
                Copas.pause(Duration.ofMillis(300));
            });
            scheduler.add("sleeper", () -> Copas.pause(Duration.ofMillis(300)));
            scheduler.loop();
            assertTrue(steps.get() < MANY_STEPS, "the loop spun while idle: " + steps.get() + " steps");
        }
    }

    @Test
    void strayInterruptOfTheLoopThreadIsClearedAndTheLoopGoesOn() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            AtomicInteger steps = new AtomicInteger();
            scheduler.startDebug(line -> {
                if (line.startsWith("step")) {
                    loopThread.compareAndSet(null, Thread.currentThread());
                    steps.incrementAndGet();
                }
            }, true);
            scheduler.start();
            scheduler.submit(() -> null).get(10, TimeUnit.SECONDS);
            Thread loop = loopThread.get();
            assertTrue(loop != null, "the debug log names the loop's thread");
            loop.interrupt();
            int before = steps.get();
            Duration slept = scheduler.submit(() -> Copas.pause(Duration.ofMillis(300))).get(10, TimeUnit.SECONDS);
            assertTrue(slept.toMillis() >= 250, "the sleep was not cut short: " + slept);
            assertTrue(steps.get() - before < MANY_STEPS, "the loop spun: " + (steps.get() - before) + " steps");
            assertTrue(scheduler.running());
        }
    }

    @Test
    void threadLocalsArePerTask() {
        assumeFalse(continuationEngine(), "the continuation engine shares one thread (decision 0004)");
        ThreadLocal<String> local = new ThreadLocal<>();
        try (Scheduler scheduler = Scheduler.create()) {
            List<String> seen = new ArrayList<>();
            scheduler.add(() -> {
                local.set("a");
                Copas.pause(Duration.ZERO);
                seen.add("a sees " + local.get());
            });
            scheduler.add(() -> {
                seen.add("b sees " + local.get());
                local.set("b");
                Copas.pause(Duration.ZERO);
                seen.add("b sees " + local.get());
            });
            scheduler.loop();
            assertEquals(List.of("b sees null", "a sees a", "b sees b"), seen);
        }
    }

    @Test
    void eachTaskIsItsOwnThread() {
        assumeFalse(continuationEngine(), "the continuation engine shares one thread (decision 0004)");
        try (Scheduler scheduler = Scheduler.create()) {
            List<Thread> threads = new ArrayList<>();
            scheduler.add(() -> threads.add(Thread.currentThread()));
            scheduler.add(() -> threads.add(Thread.currentThread()));
            scheduler.loop();
            assertNotEquals(threads.get(0), threads.get(1));
        }
    }

    @Test
    void aSecondTaskNeverEntersALockHeldAcrossAYield() {
        assumeFalse(continuationEngine(), "the continuation engine shares one thread (decision 0004)");
        ReentrantLock lock = new ReentrantLock();
        Object monitor = new Object();
        try (Scheduler scheduler = Scheduler.create()) {
            List<String> seen = new ArrayList<>();
            scheduler.add("holder", () -> {
                lock.lock();
                try {
                    synchronized (monitor) {
                        Copas.pause(Duration.ZERO);
                    }
                } finally {
                    lock.unlock();
                }
            });
            scheduler.add("other", () -> {
                boolean entered = lock.tryLock();
                if (entered) {
                    lock.unlock();
                }
                seen.add("tryLock " + entered + ", holds monitor " + Thread.holdsLock(monitor));
            });
            scheduler.loop();
            assertEquals(List.of("tryLock false, holds monitor false"), seen);
        }
    }

    @Test
    void autoNeverPicksTheContinuationEngine() {
        String forced = System.getProperty("io.copas.engine");
        System.clearProperty("io.copas.engine");
        try (Scheduler scheduler = Scheduler.builder().engine("auto").build()) {
            assertNotEquals("continuation", scheduler.engine());
        } finally {
            if (forced != null) {
                System.setProperty("io.copas.engine", forced);
            }
        }
    }

    @Test
    void continuationEngineKeepsOnlyInterruptsPerTask() {
        // documents the opt-in engine's limit: one thread, so ThreadLocals are shared
        assumeFalse(!continuationEngine(), "only the continuation engine shares the thread");
        ThreadLocal<String> local = new ThreadLocal<>();
        try (Scheduler scheduler = Scheduler.create()) {
            CompletableFuture<String> seenByOther = new CompletableFuture<>();
            scheduler.add(() -> {
                local.set("a");
                Copas.pause(Duration.ZERO);
                local.remove();
            });
            scheduler.add(() -> seenByOther.complete(local.get()));
            scheduler.loop();
            assertEquals("a", seenByOther.join());
        }
        assertNull(local.get(), "the test thread is not the loop's");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    private static AtomicInteger countSteps(Scheduler scheduler) {
        AtomicInteger steps = new AtomicInteger();
        scheduler.startDebug(line -> {
            if (line.startsWith("step")) {
                steps.incrementAndGet();
            }
        }, true);
        return steps;
    }
}

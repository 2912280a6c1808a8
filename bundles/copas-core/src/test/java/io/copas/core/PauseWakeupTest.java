package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** pause returns the time paused, pause(0) resumes in the next step, and wakeup cuts sleeps and suspensions short (upstream pause.lua, wakeup.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PauseWakeupTest {

    @Test
    void pauseReturnsAtLeastTheDelay() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong measured = new AtomicLong();
            AtomicLong reported = new AtomicLong();
            scheduler.add(() -> {
                long start = System.nanoTime();
                reported.set(Copas.pause(Duration.ofMillis(100)).toMillis());
                measured.set(TestSockets.millisSince(start));
            });
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(TestSockets.millisSince(start) < 5_000);
            assertTrue(measured.get() >= 100, "paused " + measured.get() + " ms");
            assertTrue(reported.get() >= 100 && reported.get() <= measured.get() + 1, "pause reported " + reported.get());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void sleepersWakeInDeadlineOrder() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Integer> order = new CopyOnWriteArrayList<>();
            for (int delay : new int[] {450, 150, 300, 0, 50}) { // gaps wide enough for a slow start of the five under load
                scheduler.add(() -> {
                    Copas.pause(Duration.ofMillis(delay));
                    order.add(delay);
                });
            }
            scheduler.loop();
            assertEquals(List.of(0, 50, 150, 300, 450), order);
        }
    }

    @Test
    void zeroAndNegativePausesResumeInTheNextStep() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> order = new CopyOnWriteArrayList<>();
            scheduler.add(() -> {
                order.add("a1");
                Copas.pause();
                order.add("a2");
                Copas.pause(Duration.ofMillis(-5));
                order.add("a3");
            });
            scheduler.add(() -> {
                order.add("b1");
                Copas.pause(Duration.ZERO);
                order.add("b2");
                Copas.scheduler().add(() -> order.add("c1")); // added while running: starts in the next step
                Copas.pause();
                order.add("b3");
            });
            scheduler.loop();
            assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "c1", "b3"), order);
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void wakeupCutsASleepShort() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong slept = new AtomicLong();
            AtomicBoolean woke = new AtomicBoolean();
            Task sleeper = scheduler.add(() -> slept.set(Copas.pause(Duration.ofSeconds(20)).toMillis()));
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(50));
                woke.set(Copas.wakeup(sleeper));
            });
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(TestSockets.millisSince(start) < 5_000);
            assertTrue(woke.get());
            assertTrue(slept.get() >= 40 && slept.get() < 5_000, "slept " + slept.get());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void wakeupOfSuspendedTaskAndItsReturnValues() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<Boolean> results = new CopyOnWriteArrayList<>();
            AtomicLong suspendedFor = new AtomicLong();
            Task suspended = scheduler.add(() -> suspendedFor.set(Copas.pauseForever().toMillis()));
            Task done = scheduler.add(() -> { });
            AtomicReference<Task> self = new AtomicReference<>();
            scheduler.add(() -> {
                self.set(Copas.current());
                pauseUntil(() -> suspended.state() == TaskState.SUSPENDED && done.isDone(), Duration.ofSeconds(5), "setup");
                Copas.pause(Duration.ofMillis(30));
                results.add(Copas.wakeup(suspended)); // true: it was suspended
                results.add(Copas.wakeup(suspended)); // false: already runnable
                results.add(Copas.wakeup(done)); // false: ended
                results.add(Copas.wakeup(Copas.current())); // false: running
            });
            scheduler.loop();
            assertEquals(List.of(true, false, false, false), results);
            assertTrue(suspendedFor.get() >= 25, "pauseForever reports the time suspended: " + suspendedFor.get());
            assertTrue(suspended.isDone());
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void wakeupIsNotRemembered() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong slept = new AtomicLong();
            AtomicBoolean earlyWake = new AtomicBoolean(true);
            scheduler.add(() -> {
                Task me = Copas.current();
                earlyWake.set(Copas.wakeup(me)); // running: nothing happens, nothing is remembered
                slept.set(Copas.pause(Duration.ofMillis(100)).toMillis());
            });
            scheduler.loop();
            assertFalse(earlyWake.get());
            assertTrue(slept.get() >= 100, "a wakeup before the pause must not cut it short: " + slept.get());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void taskStatesFollowTheWaits() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<TaskState> seen = new CopyOnWriteArrayList<>();
            Task sleeper = scheduler.add(() -> Copas.pause(Duration.ofMillis(100)));
            Task suspended = scheduler.add(Copas::pauseForever);
            assertEquals(TaskState.RUNNABLE, sleeper.state(), "added but not started");
            scheduler.add(() -> {
                seen.add(Copas.current().state());
                Copas.pause();
                seen.add(sleeper.state());
                seen.add(suspended.state());
                Copas.wakeup(suspended);
                seen.add(suspended.state());
            });
            scheduler.loop();
            assertEquals(List.of(TaskState.RUNNING, TaskState.SLEEPING, TaskState.SUSPENDED, TaskState.RUNNABLE), seen);
            assertEquals(TaskState.DONE, sleeper.state());
            assertEquals(TaskState.DONE, suspended.state());
            assertNoTaskErrors(errors);
        }
    }
}

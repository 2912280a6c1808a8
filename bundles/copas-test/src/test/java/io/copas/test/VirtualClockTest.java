package io.copas.test;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The virtual clock on its own: pauses, timers and user timeouts follow it, in order, exactly. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualClockTest {

    private final VirtualClock clock = new VirtualClock();

    private Scheduler scheduler() {
        Scheduler scheduler = Scheduler.builder().name("virtual").clock(clock).build();
        assertSame(clock, scheduler.clock());
        return scheduler;
    }

    @Test
    void aTaskWakingEveryMinuteWakes1440TimesInADayAtExactMinutes() {
        List<Duration> wakes = new ArrayList<>();
        try (Scheduler scheduler = scheduler()) {
            scheduler.add("minutely", () -> {
                while (true) {
                    Copas.pause(Duration.ofMinutes(1));
                    wakes.add(clock.now());
                }
            });
            assertEquals(Duration.ofHours(24), clock.advance(Duration.ofHours(24)));
            assertEquals(1440, wakes.size());
            for (int i = 0; i < wakes.size(); i++) {
                assertEquals(Duration.ofMinutes(i + 1), wakes.get(i), "wake " + (i + 1));
            }
            scheduler.cancelAll();
        }
    }

    @Test
    void pausesEndInTheOrderOfTheirDeadlinesAndMeasureVirtualTime() {
        List<String> order = new ArrayList<>();
        List<Duration> paused = new ArrayList<>();
        try (Scheduler scheduler = scheduler()) {
            for (int hours : new int[] {3, 1, 2}) {
                scheduler.add(() -> {
                    paused.add(Copas.pause(Duration.ofHours(hours)));
                    order.add(hours + "h at " + clock.now());
                });
            }
            assertEquals(Duration.ofHours(3), clock.runUntilIdle());
            assertEquals(List.of("1h at PT1H", "2h at PT2H", "3h at PT3H"), order);
            assertEquals(List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3)), paused);
            assertTrue(scheduler.finished());
        }
    }

    @Test
    void advanceStopsAtItsTargetAndRunsWhatIsDueThere() {
        List<String> seen = new ArrayList<>();
        try (Scheduler scheduler = scheduler()) {
            scheduler.add(() -> {
                Copas.pause(Duration.ofMinutes(90));
                seen.add("woke");
            });
            clock.advance(Duration.ofHours(1));
            assertEquals(List.of(), seen, "30 minutes still to go");
            assertEquals(Duration.ofHours(1), clock.now());
            clock.advance(Duration.ofMinutes(30));
            assertEquals(List.of("woke"), seen, "due exactly at the target");
        }
    }

    @Test
    void userTimeoutsAndTimedSuspendsFollowTheClock() {
        List<String> seen = new ArrayList<>();
        try (Scheduler scheduler = scheduler()) {
            scheduler.add("sleeper", () -> {
                Copas.timeout(Duration.ofSeconds(45), task -> seen.add("timeout of " + task.name() + " at " + clock.now()));
                boolean woken = Copas.suspend(Duration.ofMinutes(1));
                seen.add((woken ? "woken" : "suspend timed out") + " at " + clock.now());
            });
            clock.runUntilIdle();
        }
        assertEquals(List.of("timeout of sleeper at PT45S", "suspend timed out at PT1M"), seen);
    }

    @Test
    void aServiceSchedulerOnItsOwnThreadFollowsTheClockToo() throws Exception {
        try (Scheduler scheduler = scheduler()) {
            scheduler.start();
            var slept = scheduler.submit(() -> Copas.pause(Duration.ofDays(7)));
            clock.advance(Duration.ofDays(6));
            assertFalse(slept.isDone(), "a day still to go");
            clock.advance(Duration.ofDays(1));
            assertEquals(Duration.ofDays(7), slept.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theLoopDoesNotWaitRealTimeForVirtualDeadlines() throws Exception {
        try (Scheduler scheduler = scheduler()) {
            Task sleeper = scheduler.add(() -> Copas.pause(Duration.ofMillis(1)));
            // one step with a real limit: the pause is not due on the virtual clock, so it stays asleep
            scheduler.step(Duration.ofMillis(50));
            scheduler.step(Duration.ofMillis(50));
            assertFalse(sleeper.isDone());
            clock.advance(Duration.ofMillis(1));
            assertTrue(sleeper.isDone());
        }
    }

    @Test
    void runUntilIdleGivesUpOnAnEndlessSleeperAfterItsBound() {
        try (Scheduler scheduler = scheduler()) {
            scheduler.add(() -> {
                while (true) {
                    Copas.pause(Duration.ofSeconds(1));
                }
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> clock.runUntilIdle(100));
            assertTrue(e.getMessage().contains("recurring"), e.getMessage());
            assertEquals(Duration.ofSeconds(100), clock.now());
            scheduler.cancelAll();
        }
    }

    @Test
    void advanceFromATaskMovesTimeWhileTheOtherTasksRun() {
        List<String> seen = new ArrayList<>();
        try (Scheduler scheduler = scheduler()) {
            scheduler.loop(() -> {
                Copas.scheduler().add(() -> {
                    Copas.pause(Duration.ofSeconds(10));
                    seen.add("other at " + clock.now());
                });
                clock.advance(Duration.ofMinutes(1));
                seen.add("driver at " + clock.now());
            });
        }
        assertEquals(List.of("other at PT10S", "driver at PT1M"), seen);
    }

    @Test
    void aTaskCannotMoveAClockSharedWithOtherSchedulers() {
        try (Scheduler first = scheduler(); Scheduler second = scheduler()) {
            var attempt = first.submit(() -> clock.advance(Duration.ofSeconds(1)));
            first.loop();
            assertTrue(attempt.isCompletedExceptionally());
            assertEquals(Duration.ZERO, clock.now());
            assertEquals(Long.MAX_VALUE, second.runDue(), "nothing pending");
        }
    }

    @Test
    void negativeAdvanceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }
}

package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduler.runDue() on the system clock: runs what is ready now, never waits, and tells the next deadline. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunDueTest {

    @Test
    void runsWhatIsReadyAndWhatThatMakesReadyThenTellsTheNextDeadline() {
        List<String> ran = new ArrayList<>();
        try (Scheduler scheduler = Scheduler.create()) {
            assertSame(SchedulerClock.system(), scheduler.clock());
            scheduler.add("first", () -> {
                ran.add("first");
                Copas.scheduler().add("second", () -> {
                    ran.add("second");
                    Copas.pause(Duration.ZERO);
                    ran.add("second again");
                });
            });
            Task sleeper = scheduler.add("sleeper", () -> Copas.pause(Duration.ofHours(1)));
            long before = System.nanoTime();
            long next = scheduler.runDue();
            assertEquals(List.of("first", "second", "second again"), ran);
            assertEquals(TaskState.SLEEPING, sleeper.state());
            assertTrue(next - before >= Duration.ofHours(1).toNanos() && next - before < Duration.ofHours(2).toNanos(),
                    "the sleeper's deadline, an hour from now");
            scheduler.remove(sleeper);
            assertEquals(Long.MAX_VALUE, scheduler.runDue(), "nothing pending");
            assertTrue(sleeper.isDone());
        }
    }

    @Test
    void aClosedSchedulerHasNothingDueAndTheLoopMayNotAsk() throws Exception {
        Scheduler scheduler = Scheduler.create();
        var fromTheLoop = new IllegalStateException[1];
        scheduler.loop(() -> {
            Copas.timeout(Duration.ofMillis(1), task -> { // a callback runs on the loop, not in a task
                fromTheLoop[0] = assertThrows(IllegalStateException.class, scheduler::runDue);
            });
            Copas.pause(Duration.ofMillis(50));
        });
        assertTrue(fromTheLoop[0].getMessage().contains("runDue()"), fromTheLoop[0].getMessage());
        scheduler.close();
        assertEquals(Long.MAX_VALUE, scheduler.runDue());
    }
}

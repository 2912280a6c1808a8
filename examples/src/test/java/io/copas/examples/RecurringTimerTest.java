package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.sync.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RecurringTimerTest {

    @Test
    void ticksTheGivenNumberOfTimesThenTheLoopEnds() {
        List<Integer> ticks = new ArrayList<>();
        List<Double> at = new ArrayList<>();
        List<Timer<int[]>> timer = new ArrayList<>();
        Scheduler scheduler = Scheduler.create();
        double start = Copas.time();
        scheduler.loop(() -> timer.add(RecurringTimer.ticks(Duration.ofMillis(20), 3, n -> {
            ticks.add(n);
            at.add(Copas.time());
        })));
        scheduler.close();
        assertEquals(List.of(1, 2, 3), ticks);
        assertFalse(timer.get(0).isArmed());
        assertTrue(at.get(2) - start >= 0.059, "three intervals of 20 ms passed: " + (at.get(2) - start));
    }

    @Test
    void mainPrintsThreeTicks() {
        String out = Output.of(() -> RecurringTimer.main(new String[0]));
        assertEquals(3, out.lines().filter(l -> l.startsWith("tick ")).count(), out);
    }
}

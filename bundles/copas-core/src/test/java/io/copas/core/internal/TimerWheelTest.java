package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer wheel: exact deadlines for a clock that jumps to them, ticks for the real clock. */
class TimerWheelTest {

    private static final long MS = TimerWheel.TICK_NANOS;
    private final SchedulerImpl scheduler = new SchedulerImpl("wheel-test", "default", false);

    @AfterEach
    void close() {
        scheduler.close();
    }

    private TimerWheel.Node node(String name) {
        return new TaskImpl(scheduler, name, () -> { }).ioTimeout();
    }

    @Test
    void anExactWheelFiresADeadlineInsideATickWhenTheClockReachesIt() {
        TimerWheel wheel = new TimerWheel(0, true);
        TimerWheel.Node node = node("inside a tick");
        wheel.schedule(node, 5 * MS + 300);
        List<TimerWheel.Node> fired = new ArrayList<>();
        wheel.expire(5 * MS + 299, fired::add);
        assertEquals(List.of(), fired, "not due yet");
        wheel.expire(5 * MS + 300, fired::add);
        assertEquals(List.of(node), fired, "due at its exact deadline");
        assertEquals(0, wheel.size());
    }

    @Test
    void theRealClocksWheelWaitsForTheNextTick() {
        TimerWheel wheel = new TimerWheel(0, false);
        TimerWheel.Node node = node("next tick");
        wheel.schedule(node, 5 * MS + 300);
        List<TimerWheel.Node> fired = new ArrayList<>();
        wheel.expire(5 * MS + 400, fired::add);
        assertEquals(List.of(), fired, "fired at the tick, not before");
        assertTrue(wheel.nextCheckNanos() >= 5 * MS + 300);
        wheel.expire(6 * MS, fired::add);
        assertEquals(List.of(node), fired);
    }

    @Test
    void theEarliestDeadlineIsExactAcrossTurnsOfTheWheel() {
        TimerWheel wheel = new TimerWheel(0, true);
        assertEquals(Long.MAX_VALUE, wheel.earliestDeadlineNanos());
        wheel.schedule(node("an hour"), 3_600_000 * MS + 7);
        wheel.schedule(node("two seconds"), 2_000 * MS + 11); // same bucket as neither: another turn
        assertEquals(2_000 * MS + 11, wheel.earliestDeadlineNanos());
    }

    @Test
    void theRealClocksWheelKeepsADeadlineSeveralTurnsAwayUntilItIsDue() {
        TimerWheel wheel = new TimerWheel(0, false);
        TimerWheel.Node far = node("three turns away");
        wheel.schedule(far, 2_100 * MS); // the wheel has 1024 buckets of 1 ms
        List<TimerWheel.Node> fired = new ArrayList<>();
        for (long now = 0; now < 2_100 * MS; now += 7 * MS) { // its bucket is visited twice before
            wheel.expire(now, fired::add);
        }
        assertEquals(List.of(), fired);
        wheel.expire(2_100 * MS, fired::add);
        assertEquals(List.of(far), fired);
    }
}

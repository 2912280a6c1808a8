package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.SchedulerStatus;
import io.copas.core.SchedulerStatus.Statistics;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a group adds up its members' status. */
class StatusSumTest {

    @Test
    void countsAreAddedAndRunningMeansAnyMemberRuns() {
        SchedulerStatus sum = StatusSum.of(List.of(
                new SchedulerStatus(false, 1, 2, 3, 4, 5, 6, 7, 8, Optional.empty()),
                new SchedulerStatus(true, 10, 20, 30, 40, 50, 60, 70, 80, Optional.empty())));
        assertEquals(new SchedulerStatus(true, 11, 22, 33, 44, 55, 66, 77, 88, Optional.empty()), sum);
        assertFalse(StatusSum.of(List.of(new SchedulerStatus(false, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty())))
                .running());
    }

    @Test
    void statisticsAreMergedOverTheMembersThatHaveThem() {
        Statistics a = new Statistics(100.0, 101.0, 10.0, 100, 50.0, 0.1, 0.05, 2.0, 3.0, 0.5);
        Statistics b = new Statistics(100.5, 102.0, 5.0, 300, 30.0, 0.01, 0.01, 1.0, 4.0, 0.1);
        SchedulerStatus sum = StatusSum.of(List.of(
                new SchedulerStatus(true, 0, 0, 0, 0, 0, 0, 0, 0, Optional.of(a)),
                new SchedulerStatus(true, 0, 0, 0, 0, 0, 0, 0, 0, Optional.of(b)),
                new SchedulerStatus(true, 0, 0, 0, 0, 0, 0, 0, 0, Optional.empty())));
        assertTrue(sum.statistics().isPresent());
        Statistics s = sum.statistics().get();
        assertEquals(100.0, s.timeStart());
        assertEquals(102.0, s.timeEnd());
        assertEquals(400, s.steps());
        assertEquals(80.0, s.durationTotalMillis(), 1e-9);
        assertEquals(0.01, s.durationMinMillis());
        assertEquals(0.01, s.durationMinEverMillis());
        assertEquals(2.0, s.durationMaxMillis());
        assertEquals(4.0, s.durationMaxEverMillis());
        assertEquals(0.2, s.durationAvgMillis(), 1e-9);
        assertEquals(5.0, s.timeAvgMillis(), 1e-9, "2 s of window over 400 steps");
    }
}

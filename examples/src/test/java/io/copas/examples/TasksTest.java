package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TasksTest {

    @Test
    void tasksTakeTurnsAtEachPause() {
        assertEquals(List.of("ping 1", "pong 1", "ping 2", "pong 2", "ping 3", "pong 3"), Tasks.takeTurns());
    }

    @Test
    void aSleeperIsWokenEarlyAndATimeoutWakesItsTask() {
        assertEquals(List.of("slept less than an hour", "guarded task woken by its timeout"), Tasks.wakeupAndTimeout());
    }

    @Test
    void aServiceSchedulerAnswersOtherThreads() throws Exception {
        assertEquals("answered by copas_task_1", Tasks.serviceMode());
    }

    @Test
    void aQuietLoopReportsNoStalls() throws Exception {
        assertEquals(0, Tasks.watchdog());
    }

    @Test
    void anOwnLoopStepsUntilNothingIsLeft() {
        int steps = Tasks.ownLoop();
        assertTrue(steps >= 2, "one step starts the task, a later one resumes it after its pause: " + steps);
    }
}

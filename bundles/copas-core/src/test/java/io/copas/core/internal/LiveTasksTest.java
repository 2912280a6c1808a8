package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler's table of live tasks, threaded through the tasks: order, removal, strays. */
class LiveTasksTest {

    private final SchedulerImpl scheduler = new SchedulerImpl("live-tasks-test", "default", false);

    @AfterEach
    void closeScheduler() {
        scheduler.close();
    }

    private TaskImpl task(String name) {
        return new TaskImpl(scheduler, name, () -> { });
    }

    @Test
    void keepsTheOrderTasksWereAddedInAcrossRemovalsAtEveryPlace() {
        LiveTasks live = new LiveTasks();
        TaskImpl a = task("a");
        TaskImpl b = task("b");
        TaskImpl c = task("c");
        TaskImpl d = task("d");
        live.add(a);
        live.add(b);
        live.add(c);
        live.add(d);
        live.remove(b); // middle
        assertEquals(List.of(a, c, d), live.snapshot());
        live.remove(a); // head
        live.remove(d); // tail
        assertEquals(List.of(c), live.snapshot());
        live.add(a);
        assertEquals(List.of(c, a), live.snapshot());
        assertEquals(2, live.size());
    }

    @Test
    void aTaskThatIsNotInTheTableIsIgnoredOnRemovalAndNotAddedTwice() {
        LiveTasks live = new LiveTasks();
        TaskImpl a = task("a");
        TaskImpl stray = task("stray");
        live.remove(stray); // never admitted (a scheduler that closed before admitting it)
        live.add(a);
        live.add(a);
        live.remove(stray);
        assertEquals(List.of(a), live.snapshot());
        live.remove(a);
        live.remove(a);
        assertTrue(live.isEmpty());
        assertEquals(List.of(), live.snapshot());
    }
}

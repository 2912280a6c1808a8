package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Only the current entry of a task runs it: stale entries are skipped (issue 8, item 5). */
class RunQueueTest {

    private final SchedulerImpl scheduler = new SchedulerImpl("run-queue-test", "default", false);

    @Test
    void invalidatedEntryIsSkipped() {
        RunQueue queue = new RunQueue();
        TaskImpl a = new TaskImpl(scheduler, "a", () -> { });
        TaskImpl b = new TaskImpl(scheduler, "b", () -> { });
        queue.add(a);
        queue.add(b);
        RunQueue.invalidate(a);
        assertSame(b, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void taskQueuedTwiceRunsOnceAtItsLatestPlace() {
        RunQueue queue = new RunQueue();
        TaskImpl a = new TaskImpl(scheduler, "a", () -> { });
        TaskImpl b = new TaskImpl(scheduler, "b", () -> { });
        queue.add(a);
        queue.add(b);
        queue.add(a);
        assertSame(b, queue.poll());
        assertSame(a, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void keepsOrderAcrossGrowth() {
        RunQueue queue = new RunQueue();
        TaskImpl[] tasks = new TaskImpl[300];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = new TaskImpl(scheduler, "t" + i, () -> { });
            queue.add(tasks[i]);
            if (i % 3 == 0) {
                assertSame(tasks[i / 3], queue.poll()); // keep the ring's head moving while it grows
            }
        }
        for (int i = 100; i < tasks.length; i++) {
            assertSame(tasks[i], queue.poll());
        }
        assertNull(queue.poll());
    }
}

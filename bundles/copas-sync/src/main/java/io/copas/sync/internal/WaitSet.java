package io.copas.sync.internal;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskRemovedError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Tasks waiting for a condition (a future's result, a queue's end): {@link #signalAll()} wakes
 * them and each checks the condition again, so a stray wake-up is harmless and a waiter that
 * leaves (timeout, removal) leaves nothing behind.
 */
public final class WaitSet {

    private final Scheduler scheduler;
    private final Set<Task> waiting = new LinkedHashSet<>();

    /**
     * Creates an empty set.
     *
     * @param scheduler the scheduler whose tasks wait in it
     */
    public WaitSet(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Suspends the calling task until {@code condition} holds or the deadline passes.
     *
     * @param task      the calling task
     * @param condition what to wait for; checked first, and after every wake-up
     * @param deadline  when to give up
     * @return {@code true} if the condition holds, {@code false} on timeout
     * @throws TaskRemovedError if the task was removed meanwhile
     */
    public boolean await(Task task, BooleanSupplier condition, Deadline deadline) {
        while (!condition.getAsBoolean()) {
            waiting.add(task);
            boolean woken;
            try {
                woken = Copas.suspend(deadline.remaining());
            } finally {
                waiting.remove(task);
            }
            if (!woken) {
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** Wakes every waiter to check its condition. */
    public void signalAll() {
        List<Task> tasks = new ArrayList<>(waiting);
        waiting.clear();
        for (Task task : tasks) {
            scheduler.wakeup(task);
        }
    }

    /**
     * The number of waiting tasks.
     *
     * @return the count
     */
    public int size() {
        return waiting.size();
    }
}

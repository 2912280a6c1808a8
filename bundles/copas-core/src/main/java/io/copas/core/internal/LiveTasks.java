package io.copas.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of a scheduler that have not ended, in the order they were added: a list threaded
 * through the tasks themselves. A hash set spent an entry of 40 bytes and a hash per task, which
 * 100,000 parked tasks feel; this costs two references in the task. Loop-confined, as the
 * scheduler's other tables. A task is only ever in its own scheduler's list (its links say
 * nothing about another list).
 */
final class LiveTasks {

    private TaskImpl head;
    private TaskImpl tail;
    private int size;

    /** Adds a task that is not in the list yet. */
    void add(TaskImpl task) {
        if (contains(task)) {
            return;
        }
        task.livePrevious = tail;
        task.liveNext = null;
        if (tail == null) {
            head = task;
        } else {
            tail.liveNext = task;
        }
        tail = task;
        size++;
    }

    /** Removes a task; one that is not in the list (never admitted, or removed already) is ignored. */
    void remove(TaskImpl task) {
        if (!contains(task)) {
            return;
        }
        TaskImpl previous = task.livePrevious;
        TaskImpl next = task.liveNext;
        if (previous == null) {
            head = next;
        } else {
            previous.liveNext = next;
        }
        if (next == null) {
            tail = previous;
        } else {
            next.livePrevious = previous;
        }
        task.livePrevious = null;
        task.liveNext = null;
        size--;
    }

    private boolean contains(TaskImpl task) {
        return task.livePrevious != null || head == task;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** A copy, in the order the tasks were added: callers may remove tasks while they walk it. */
    List<TaskImpl> snapshot() {
        List<TaskImpl> copy = new ArrayList<>(size);
        for (TaskImpl task = head; task != null; task = task.liveNext) {
            copy.add(task);
        }
        return copy;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}

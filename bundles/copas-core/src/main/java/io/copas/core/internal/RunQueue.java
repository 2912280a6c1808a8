package io.copas.core.internal;

import java.util.Arrays;

/**
 * The tasks made runnable, in order, each entry stamped with the task's run generation at the
 * moment it was queued. A task whose generation moved on since (its wait was undone, or it was
 * queued again) makes the entry stale: {@link #poll()} skips it, so a stale entry can never resume
 * a task in the middle of another wait. A ring of two parallel arrays: no allocation per entry.
 * Confined to the loop.
 */
final class RunQueue {

    private static final int INITIAL_CAPACITY = 64;

    private TaskImpl[] tasks = new TaskImpl[INITIAL_CAPACITY];
    private int[] generations = new int[INITIAL_CAPACITY];
    private int head;
    private int size;

    /**
     * Queues {@code task} under a new generation, which makes any older entry of it stale.
     *
     * @param task the task
     */
    void add(TaskImpl task) {
        if (size == tasks.length) {
            grow();
        }
        int tail = (head + size) & (tasks.length - 1);
        tasks[tail] = task;
        generations[tail] = ++task.runGeneration;
        size++;
    }

    /**
     * Takes the next entry that is still current.
     *
     * @return the task, or {@code null} when no current entry is left
     */
    TaskImpl poll() {
        TaskImpl task = peek();
        if (task != null) {
            dropHead();
        }
        return task;
    }

    /**
     * The next entry that is still current, left in the queue (stale entries before it are dropped).
     *
     * @return the task, or {@code null} when no current entry is left
     */
    TaskImpl peek() {
        while (size > 0) {
            TaskImpl task = tasks[head];
            if (generations[head] == task.runGeneration) {
                return task;
            }
            dropHead();
        }
        return null;
    }

    /** Drops the first entry: the one {@link #peek()} returned, or a stale one. */
    void dropHead() {
        tasks[head] = null;
        head = (head + 1) & (tasks.length - 1);
        size--;
    }

    /**
     * Makes every queued entry of {@code task} stale.
     *
     * @param task the task
     */
    static void invalidate(TaskImpl task) {
        task.runGeneration++;
    }

    /** Whether no entry is queued (stale entries count until they are polled). */
    boolean isEmpty() {
        return size == 0;
    }

    /** The number of entries (stale entries count until they are polled). */
    int size() {
        return size;
    }

    private void grow() {
        int capacity = tasks.length * 2;
        TaskImpl[] newTasks = new TaskImpl[capacity];
        int[] newGenerations = new int[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (tasks.length - 1);
            newTasks[i] = tasks[from];
            newGenerations[i] = generations[from];
        }
        Arrays.fill(tasks, null);
        tasks = newTasks;
        generations = newGenerations;
        head = 0;
    }
}

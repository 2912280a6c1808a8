package io.copas.core.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Sleeping tasks ordered by wake-up time: a binary min-heap that keeps each task's index, so a
 * woken or removed task leaves at once and nothing stale stays behind.
 */
final class SleeperHeap {

    private TaskImpl[] heap = new TaskImpl[64];
    private int size;

    int size() {
        return size;
    }

    /** The earliest wake-up time, or {@link Long#MAX_VALUE} when empty. */
    long nextWakeNanos() {
        return size == 0 ? Long.MAX_VALUE : heap[0].wakeAtNanos;
    }

    void add(TaskImpl task) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = task;
        task.heapIndex = size;
        siftUp(size++);
    }

    /** Removes the task if it is here. */
    void remove(TaskImpl task) {
        int i = task.heapIndex;
        if (i < 0 || i >= size || heap[i] != task) {
            return;
        }
        task.heapIndex = -1;
        TaskImpl last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
    }

    /** Removes every task due at {@code nowNanos}, earliest first, and hands each to {@code due}. */
    void popDue(long nowNanos, Consumer<TaskImpl> due) {
        while (size > 0 && heap[0].wakeAtNanos - nowNanos <= 0) {
            TaskImpl first = heap[0];
            remove(first);
            due.accept(first);
        }
    }

    private void siftUp(int i) {
        TaskImpl moving = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TaskImpl p = heap[parent];
            if (p.wakeAtNanos - moving.wakeAtNanos <= 0) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = moving;
        moving.heapIndex = i;
    }

    private void siftDown(int i) {
        TaskImpl moving = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].wakeAtNanos - heap[child].wakeAtNanos < 0) {
                child = right;
            }
            TaskImpl c = heap[child];
            if (moving.wakeAtNanos - c.wakeAtNanos <= 0) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = moving;
        moving.heapIndex = i;
    }
}

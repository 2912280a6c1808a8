package io.copas.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Timeouts (socket waits and {@code Copas.timeout}) in a hashed timer wheel of 1 ms ticks:
 * arming and cancelling are O(1), which matters because nearly every socket wait arms one and
 * nearly every one is cancelled. Entries further away than one turn stay in their bucket and
 * are checked once per turn.
 */
final class TimerWheel {

    static final long TICK_NANOS = 1_000_000L;
    private static final int SIZE = 1024;
    private static final int MASK = SIZE - 1;

    /** One armed timeout; nodes are owned and reused by their task. */
    static final class Node {
        final TaskImpl task;
        final boolean user;
        long deadlineNanos;
        private int bucket = -1;
        private Node prev;
        private Node next;

        Node(TaskImpl task, boolean user) {
            this.task = task;
            this.user = user;
        }

        boolean isArmed() {
            return bucket >= 0;
        }
    }

    private final Node[] buckets = new Node[SIZE];
    private final List<Node> due = new ArrayList<>();
    private long currentTick;
    private int count;
    /** Look into the current tick too (see {@link #expire}): 0 or 1. */
    private final int currentTickToo;

    /**
     * Creates a wheel.
     *
     * @param nowNanos the clock's time
     * @param exact    whether a deadline must fire as soon as the clock reaches it, even inside a
     *                 tick (a virtual clock jumps to deadlines exactly); the real clock's wheel
     *                 fires at the next tick and saves a bucket walk per step
     */
    TimerWheel(long nowNanos, boolean exact) {
        currentTick = Math.floorDiv(nowNanos, TICK_NANOS);
        currentTickToo = exact ? 1 : 0;
    }

    int size() {
        return count;
    }

    /** Arms {@code node} for {@code deadlineNanos}, re-arming it if it was armed. */
    void schedule(Node node, long deadlineNanos) {
        cancel(node);
        node.deadlineNanos = deadlineNanos;
        long tick = Math.max(Math.floorDiv(deadlineNanos + TICK_NANOS - 1, TICK_NANOS), currentTick + 1);
        int b = (int) (tick & MASK);
        node.bucket = b;
        node.prev = null;
        node.next = buckets[b];
        if (node.next != null) {
            node.next.prev = node;
        }
        buckets[b] = node;
        count++;
    }

    void cancel(Node node) {
        if (node.bucket < 0) {
            return;
        }
        if (node.prev != null) {
            node.prev.next = node.next;
        } else {
            buckets[node.bucket] = node.next;
        }
        if (node.next != null) {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.bucket = -1;
        count--;
    }

    /**
     * A time at or before the earliest deadline: when to look again. {@link Long#MAX_VALUE} when
     * nothing is armed.
     */
    long nextCheckNanos() {
        if (count == 0) {
            return Long.MAX_VALUE;
        }
        for (int i = 1; i <= SIZE; i++) {
            if (buckets[(int) ((currentTick + i) & MASK)] != null) {
                return (currentTick + i) * TICK_NANOS;
            }
        }
        return (currentTick + SIZE) * TICK_NANOS;
    }

    /**
     * The earliest deadline armed, exact (not rounded to a tick), or {@link Long#MAX_VALUE}; walks
     * every bucket, so it is for a virtual clock that jumps from deadline to deadline, not for
     * each step.
     */
    long earliestDeadlineNanos() {
        long earliest = Long.MAX_VALUE;
        if (count == 0) {
            return earliest;
        }
        for (Node head : buckets) {
            for (Node n = head; n != null; n = n.next) {
                if (earliest == Long.MAX_VALUE || n.deadlineNanos - earliest < 0) {
                    earliest = n.deadlineNanos;
                }
            }
        }
        return earliest;
    }

    /**
     * Disarms every node due at {@code nowNanos} and hands each to {@code fire}. An exact wheel
     * also looks into the tick {@code nowNanos} lies in, where a deadline reached exactly is.
     */
    void expire(long nowNanos, Consumer<Node> fire) {
        long target = Math.floorDiv(nowNanos, TICK_NANOS);
        long visits = Math.min(target - currentTick + currentTickToo, SIZE);
        if (visits <= 0 || count == 0) {
            currentTick = Math.max(currentTick, target);
            return;
        }
        for (long i = 1; i <= visits; i++) {
            for (Node n = buckets[(int) ((currentTick + i) & MASK)]; n != null; n = n.next) {
                if (n.deadlineNanos - nowNanos <= 0) {
                    due.add(n);
                }
            }
        }
        currentTick = target;
        // fire after the scan: a callback may arm or cancel other nodes
        for (Node n : due) {
            if (n.isArmed()) {
                cancel(n);
                fire.accept(n);
            }
        }
        due.clear();
    }
}

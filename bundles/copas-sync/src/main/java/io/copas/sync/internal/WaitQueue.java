package io.copas.sync.internal;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskRemovedError;
import io.copas.core.TaskState;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A FIFO of suspended tasks to which a primitive hands resources directly (a lock's ownership, a
 * semaphore's count), as upstream does: the resource is assigned before the waiter runs, so no
 * later caller can overtake it.
 *
 * <p>Only waiters that are still suspended receive anything. A waiter whose timeout fired, that
 * was removed from its scheduler, or that was woken by a stray {@code Copas.wakeup} is no longer
 * suspended; a hand-off skips it and drops it from the queue. The first two then leave (with a
 * timeout, or unwinding); the third takes its place at the head again when it runs. So neither a
 * timed-out nor a removed waiter ever holds or blocks a resource (upstream issue #199).
 *
 * <p>Confined to the scheduler's loop, like all state of the primitives.
 */
public final class WaitQueue {

    /** How a wait ended. */
    public enum Outcome {
        /** The resource was handed over. */
        GRANTED,
        /** The timeout expired first. */
        TIMEOUT,
        /** The primitive was destroyed. */
        DESTROYED
    }

    /** One waiting call. */
    public static final class Waiter {
        final Task task;
        final int requested;
        boolean queued;
        boolean granted;
        boolean destroyed;

        Waiter(Task task, int requested) {
            this.task = task;
            this.requested = requested;
        }

        /**
         * The waiting task.
         *
         * @return the task
         */
        public Task task() {
            return task;
        }

        /**
         * How much it asked for (semaphore units; 1 for a lock).
         *
         * @return the amount
         */
        public int requested() {
            return requested;
        }
    }

    private final Scheduler scheduler;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

    /**
     * Creates an empty queue.
     *
     * @param scheduler the scheduler whose tasks wait in it
     */
    public WaitQueue(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Appends a waiter.
     *
     * @param task      the calling task
     * @param requested what it asks for
     * @return its record, to pass to {@link #await}
     */
    public Waiter add(Task task, int requested) {
        Waiter waiter = new Waiter(task, requested);
        waiter.queued = true;
        queue.addLast(waiter);
        return waiter;
    }

    private static boolean isLive(Waiter waiter, Task current) {
        return waiter.task == current || waiter.task.state() == TaskState.SUSPENDED;
    }

    /**
     * The first waiter that can still take a resource; stale ones in front of it are dropped.
     *
     * @param current the calling task, or {@code null}
     * @return the waiter, or {@code null} if none is left
     */
    public Waiter head(Task current) {
        Waiter head;
        while ((head = queue.peekFirst()) != null && !isLive(head, current)) {
            queue.pollFirst();
            head.queued = false;
        }
        return head;
    }

    /**
     * Hands the resource to the head returned by {@link #head(Task)} and wakes it.
     *
     * @param waiter  the head
     * @param current the calling task, or {@code null}
     */
    public void grant(Waiter waiter, Task current) {
        if (queue.pollFirst() != waiter) {
            throw new IllegalStateException("only the head of the queue can be granted");
        }
        waiter.queued = false;
        waiter.granted = true;
        if (waiter.task != current) {
            scheduler.wakeup(waiter.task);
        }
    }

    /**
     * Releases every waiter with {@link Outcome#DESTROYED}.
     */
    public void destroyAll() {
        Waiter waiter;
        while ((waiter = queue.pollFirst()) != null) {
            waiter.queued = false;
            waiter.destroyed = true;
            scheduler.wakeup(waiter.task);
        }
    }

    /**
     * The sum of what the still-suspended waiters ask for.
     *
     * @return the total
     */
    public long requestedByLiveWaiters() {
        Task current = Copas.currentTask().orElse(null);
        long total = 0;
        for (Waiter waiter : queue) {
            if (isLive(waiter, current)) {
                total += waiter.requested;
            }
        }
        return total;
    }

    /**
     * The number of still-suspended waiters.
     *
     * @return the count
     */
    public int liveWaiters() {
        Task current = Copas.currentTask().orElse(null);
        int count = 0;
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            if (isLive(it.next(), current)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Suspends the calling task until its waiter is granted, the primitive destroyed, or the
     * deadline passes. On a timeout or a removal the waiter leaves the queue (and
     * {@code dispatch} runs, since a waiter that blocked others may be gone); a grant that
     * arrived just before a removal is given back through {@code abandonGrant}.
     *
     * @param waiter       the caller's record from {@link #add}
     * @param deadline     when to give up
     * @param dispatch     hands out what the primitive can hand out now
     * @param abandonGrant gives back a grant the caller can no longer use (it is unwinding)
     * @return how the wait ended
     * @throws TaskRemovedError if the task was removed meanwhile (after cleaning up)
     */
    public Outcome await(Waiter waiter, Deadline deadline, Runnable dispatch, Runnable abandonGrant) {
        try {
            while (true) {
                boolean woken = Copas.suspend(deadline.remaining());
                if (waiter.granted) {
                    return Outcome.GRANTED;
                }
                if (waiter.destroyed) {
                    return Outcome.DESTROYED;
                }
                if (!woken) {
                    leave(waiter, dispatch);
                    return Outcome.TIMEOUT;
                }
                if (!waiter.queued) { // a stray wake-up made a hand-off skip us: take our place again
                    waiter.queued = true;
                    queue.addFirst(waiter);
                    dispatch.run();
                    if (waiter.granted) {
                        return Outcome.GRANTED;
                    }
                }
            }
        } catch (TaskRemovedError removed) {
            if (waiter.granted) {
                abandonGrant.run();
            } else {
                leave(waiter, dispatch);
            }
            throw removed;
        }
    }

    private void leave(Waiter waiter, Runnable dispatch) {
        if (waiter.queued) {
            waiter.queued = false;
            queue.remove(waiter);
            dispatch.run();
        }
    }
}

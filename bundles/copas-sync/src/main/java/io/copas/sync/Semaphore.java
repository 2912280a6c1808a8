package io.copas.sync;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.sync.internal.Deadline;
import io.copas.sync.internal.Guards;
import io.copas.sync.internal.WaitQueue;
import java.time.Duration;
import java.util.Objects;

/**
 * A counting semaphore for the tasks of one scheduler ({@code copas.semaphore}), strictly FIFO:
 * a large request at the head of the line is served before smaller ones behind it.
 *
 * <p>{@link #give(int)} hands resources straight to the waiters it can satisfy, in order; the
 * count never exceeds {@link #max()}. Waiters that timed out or were removed from their scheduler
 * neither receive nor block resources (upstream #199).
 */
public final class Semaphore {

    /** Waits without a time limit (upstream's {@code math.huge}). */
    public static final Duration FOREVER = Guards.FOREVER;

    /** The default timeout: 10 seconds, as upstream. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final int max;
    private final Duration timeout;
    private final WaitQueue waiters;
    private int count;
    private boolean destroyed;

    private Semaphore(Scheduler scheduler, int max, int start, Duration timeout) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = Guards.timeout(timeout, DEFAULT_TIMEOUT, "timeout");
        if (max < 1) {
            throw new IllegalArgumentException("max must be > 0, was " + max);
        }
        if (start < 0 || start > max) {
            throw new IllegalArgumentException("start must be between 0 and max (" + max + "), was " + start);
        }
        this.max = max;
        this.count = start;
        this.waiters = new WaitQueue(scheduler);
    }

    /**
     * Creates an empty semaphore with a 10 s default timeout ({@code copas.semaphore.new(max)})
     * for the scheduler of the calling task.
     *
     * @param max the most resources it holds, at least 1
     * @return the semaphore
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws IllegalStateException    outside a task
     */
    public static Semaphore create(int max) {
        return create(max, 0, null);
    }

    /**
     * Creates a semaphore ({@code copas.semaphore.new(max, start, timeout)}) for the scheduler
     * of the calling task.
     *
     * @param max     the most resources it holds, at least 1
     * @param start   the resources it starts with, 0 to {@code max}
     * @param timeout the default timeout of {@link #take}; {@code null} for 10 s,
     *                {@link #FOREVER} to wait forever
     * @return the semaphore
     * @throws IllegalArgumentException if an argument is out of range
     * @throws IllegalStateException    outside a task
     */
    public static Semaphore create(int max, int start, Duration timeout) {
        return new Semaphore(Guards.currentScheduler("Semaphore.create()"), max, start, timeout);
    }

    /**
     * Creates a semaphore for the given scheduler.
     *
     * @param scheduler the scheduler whose tasks use it
     * @param max       the most resources it holds, at least 1
     * @param start     the resources it starts with, 0 to {@code max}
     * @param timeout   the default timeout, see {@link #create(int, int, Duration)}
     * @return the semaphore
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Semaphore create(Scheduler scheduler, int max, int start, Duration timeout) {
        return new Semaphore(scheduler, max, start, timeout);
    }

    /**
     * Takes one resource with the default timeout ({@code sema:take()}).
     *
     * @throws SyncTimeoutException if the timeout expired first
     * @throws DestroyedException   if the semaphore is or gets destroyed
     * @throws IllegalStateException if not called from a task of the semaphore's scheduler
     */
    public void take() throws SyncTimeoutException, DestroyedException {
        try {
            take(1, null);
        } catch (TooManyException impossible) { // max is at least 1
            throw new AssertionError(impossible);
        }
    }

    /**
     * Takes resources ({@code sema:take(n, timeout)}): at once if nobody waits and enough are
     * there, else the caller waits in line, yielding to other tasks.
     *
     * @param n       how many, 0 or more
     * @param timeout how long to wait; {@code null} for the default; zero fails at once without
     *                yielding; {@link #FOREVER} waits without limit
     * @throws TooManyException     if {@code n} exceeds {@link #max()} (never satisfiable)
     * @throws SyncTimeoutException if the timeout expired first
     * @throws DestroyedException   if the semaphore is or gets destroyed
     * @throws IllegalArgumentException if {@code n} or {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of the semaphore's scheduler
     */
    public void take(int n, Duration timeout) throws TooManyException, SyncTimeoutException, DestroyedException {
        Task me = Guards.requireTask(scheduler, "Semaphore.take()");
        Guards.nonNegative(n, "n");
        Duration limit = Guards.timeout(timeout, this.timeout, "timeout");
        checkNotDestroyed();
        dispatch(); // drops stale waiters, so they cannot hold up the fast path (upstream 4.11 BUG)
        if (waiters.head(me) == null && count >= n) {
            count -= n;
            return;
        }
        if (n > max) {
            throw new TooManyException("asked for " + n + ", max is " + max, Duration.ZERO);
        }
        if (limit.isZero()) {
            throw new SyncTimeoutException("asked for " + n + ", " + count + " available", Duration.ZERO);
        }
        Deadline deadline = new Deadline(scheduler.clock(), limit);
        WaitQueue.Waiter waiter = waiters.add(me, n);
        WaitQueue.Outcome outcome = waiters.await(waiter, deadline, this::dispatch, () -> giveBack(n));
        switch (outcome) {
            case GRANTED -> {
                if (destroyed) { // served and destroyed in the same step: upstream reports "destroyed"
                    throw new DestroyedException("semaphore destroyed while waiting", deadline.elapsed());
                }
            }
            case DESTROYED -> throw new DestroyedException("semaphore destroyed while waiting", deadline.elapsed());
            case TIMEOUT -> throw new SyncTimeoutException("did not get " + n + " within " + limit, deadline.elapsed());
        }
    }

    /**
     * Gives one resource back ({@code sema:give()}).
     *
     * @return {@code true}, or {@code false} if the count was capped at {@link #max()}
     * @throws DestroyedException if the semaphore was destroyed
     */
    public boolean give() throws DestroyedException {
        return give(1);
    }

    /**
     * Gives resources ({@code sema:give(n)}) and hands them to the waiters in order, as long as
     * the first one's request can be met. The count is capped at {@link #max()}: upstream's
     * {@code nil, "too many"} is reported as {@code false}, after the waiters were served.
     *
     * @param n how many, 0 or more
     * @return {@code true}, or {@code false} if the count was capped ("too many")
     * @throws DestroyedException       if the semaphore was destroyed
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException    if called from elsewhere than the semaphore's scheduler
     */
    public boolean give(int n) throws DestroyedException {
        Guards.requireLoop(scheduler, "Semaphore.give()");
        Guards.nonNegative(n, "n");
        checkNotDestroyed();
        long total = (long) count + n;
        boolean fits = total <= max;
        count = (int) Math.min(total, max);
        dispatch();
        return fits;
    }

    /**
     * Releases every waiting task, whatever {@link #max()} is ({@code sema:release_all()},
     * upstream 4.12). If any was released, the count ends at zero.
     *
     * @return the number of tasks released
     * @throws DestroyedException    if the semaphore was destroyed
     * @throws IllegalStateException if called from elsewhere than the semaphore's scheduler
     */
    public int releaseAll() throws DestroyedException {
        Task current = Guards.requireLoop(scheduler, "Semaphore.releaseAll()");
        checkNotDestroyed();
        int released = 0;
        WaitQueue.Waiter next;
        while ((next = waiters.head(current)) != null) {
            waiters.grant(next, current);
            released++;
        }
        if (released > 0) {
            count = 0;
        }
        return released;
    }

    /**
     * Destroys the semaphore ({@code sema:destroy()}): every waiting task fails with a
     * {@link DestroyedException}, and so does every later {@code take}, {@code give} and
     * {@code releaseAll}.
     *
     * @return {@code true}, or {@code false} if it was already destroyed
     * @throws IllegalStateException if called from elsewhere than the semaphore's scheduler
     */
    public boolean destroy() {
        Guards.requireLoop(scheduler, "Semaphore.destroy()");
        if (destroyed) {
            return false;
        }
        destroyed = true;
        count = 0;
        waiters.destroyAll();
        return true;
    }

    /** Serves the waiters in order while the first one's request can be met. */
    private void dispatch() {
        if (destroyed) {
            return;
        }
        Task current = Copas.currentTask().orElse(null);
        WaitQueue.Waiter next;
        while ((next = waiters.head(current)) != null && next.requested() <= count) {
            count -= next.requested();
            waiters.grant(next, current);
        }
    }

    /** A waiter was served but removed before it could run: its resources go back. */
    private void giveBack(int n) {
        if (!destroyed) {
            count = Math.min(max, count + n);
            dispatch();
        }
    }

    private void checkNotDestroyed() throws DestroyedException {
        if (destroyed) {
            throw new DestroyedException("semaphore was destroyed", Duration.ZERO);
        }
    }

    /**
     * The resources available now ({@code sema:get_count()}); zero once destroyed.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * What the waiting tasks lack ({@code sema:get_wait()}): the sum of their requests minus the
     * count, so that {@code give(waiting())} releases them all; zero when nobody waits. Tasks
     * that timed out or were removed are not counted.
     *
     * @return the shortage, zero or more
     */
    public long waiting() {
        long requested = waiters.requestedByLiveWaiters();
        return requested == 0 ? 0 : Math.max(0, requested - count);
    }

    /**
     * The number of tasks waiting.
     *
     * @return the count
     */
    public int waiters() {
        return waiters.liveWaiters();
    }

    /**
     * The most resources the semaphore holds.
     *
     * @return the maximum
     */
    public int max() {
        return max;
    }

    /**
     * The default timeout of {@link #take}.
     *
     * @return the timeout, possibly {@link #FOREVER}
     */
    public Duration defaultTimeout() {
        return timeout;
    }

    /**
     * Whether {@link #destroy()} was called.
     *
     * @return {@code true} once destroyed
     */
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * The scheduler the semaphore belongs to.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public String toString() {
        return "Semaphore[" + (destroyed ? "destroyed" : count + "/" + max) + ", " + waiters.liveWaiters()
                + " waiting]";
    }
}

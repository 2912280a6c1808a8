package io.copas.sync;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.sync.internal.Deadline;
import io.copas.sync.internal.Guards;
import io.copas.sync.internal.WaitQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock for the tasks of one scheduler ({@code copas.lock}): FIFO, with timeouts, re-entrant
 * unless created otherwise.
 *
 * <p>A waiting {@link #get} yields to the scheduler. On {@link #release()} the lock is handed
 * straight to the longest waiting task that is still waiting; a waiter that timed out or was
 * removed from its scheduler never receives it.
 *
 * <pre>{@code
 * Lock lock = Lock.create();
 * lock.get();
 * try {
 *     ... // may yield; other tasks wait for the lock
 * } finally {
 *     lock.release();
 * }
 * }</pre>
 */
public final class Lock {

    /** Waits without a time limit (upstream's {@code math.huge}); such a waiter alone does not keep the loop alive. */
    public static final Duration FOREVER = Guards.FOREVER;

    /** The default timeout of {@link #create()}: 10 seconds, as upstream. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final Duration timeout;
    private final boolean reentrant;
    private final WaitQueue waiters;
    private Task owner;
    private int holds;
    private boolean destroyed;

    private Lock(Scheduler scheduler, Duration timeout, boolean reentrant) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = Guards.timeout(timeout, DEFAULT_TIMEOUT, "timeout");
        this.reentrant = reentrant;
        this.waiters = new WaitQueue(scheduler);
    }

    /**
     * Creates a re-entrant lock with a 10 s default timeout ({@code copas.lock.new()}) for the
     * scheduler of the calling task.
     *
     * @return the lock
     * @throws IllegalStateException outside a task
     */
    public static Lock create() {
        return create(null, true);
    }

    /**
     * Creates a lock ({@code copas.lock.new(timeout, not_reentrant)}) for the scheduler of the
     * calling task.
     *
     * @param timeout   the default timeout of {@link #get()}; {@code null} for 10 s,
     *                  {@link #FOREVER} to wait forever
     * @param reentrant whether the owner may get it again (counted); if not, a second
     *                  {@link #get} by the owner waits like any other (and times out)
     * @return the lock
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    outside a task
     */
    public static Lock create(Duration timeout, boolean reentrant) {
        return new Lock(Guards.currentScheduler("Lock.create()"), timeout, reentrant);
    }

    /**
     * Creates a lock for the given scheduler.
     *
     * @param scheduler the scheduler whose tasks use it
     * @param timeout   the default timeout, see {@link #create(Duration, boolean)}
     * @param reentrant whether the owner may get it again
     * @return the lock
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static Lock create(Scheduler scheduler, Duration timeout, boolean reentrant) {
        return new Lock(scheduler, timeout, reentrant);
    }

    /**
     * Acquires the lock with the default timeout ({@code lock:get()}).
     *
     * @return how long the caller waited (zero if the lock was free)
     * @throws SyncTimeoutException if the timeout expired first
     * @throws DestroyedException   if the lock is or gets destroyed
     * @throws IllegalStateException if not called from a task of the lock's scheduler
     */
    public Duration get() throws SyncTimeoutException, DestroyedException {
        return get(null);
    }

    /**
     * Acquires the lock ({@code lock:get(timeout)}): at once if it is free (or, re-entrant, the
     * caller owns it), else the caller waits in line, yielding to other tasks.
     *
     * @param timeout how long to wait; {@code null} for the lock's default; zero fails at once
     *                without yielding; {@link #FOREVER} waits without limit
     * @return how long the caller waited (zero if it did not)
     * @throws SyncTimeoutException if the timeout expired first
     * @throws DestroyedException   if the lock is or gets destroyed
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of the lock's scheduler
     */
    public Duration get(Duration timeout) throws SyncTimeoutException, DestroyedException {
        Task me = Guards.requireTask(scheduler, "Lock.get()");
        Duration limit = Guards.timeout(timeout, this.timeout, "timeout");
        checkNotDestroyed(Duration.ZERO);
        if (owner == null) {
            owner = me;
            holds = 1;
            return Duration.ZERO;
        }
        if (owner == me && reentrant) {
            holds++;
            return Duration.ZERO;
        }
        if (limit.isZero()) { // not queued: upstream 4.11 left such a caller in line (BUG)
            throw new SyncTimeoutException("lock is held by task '" + owner.name() + "'", Duration.ZERO);
        }
        Deadline deadline = new Deadline(scheduler.clock(), limit);
        WaitQueue.Waiter waiter = waiters.add(me, 1);
        WaitQueue.Outcome outcome = waiters.await(waiter, deadline, this::dispatch, this::abandon);
        Duration waited = deadline.elapsed();
        return switch (outcome) {
            case GRANTED -> {
                if (destroyed) { // handed over, then destroyed before this task ran: upstream reports "destroyed"
                    throw new DestroyedException("lock destroyed while waiting", waited);
                }
                yield waited;
            }
            case DESTROYED -> throw new DestroyedException("lock destroyed while waiting", waited);
            case TIMEOUT -> throw new SyncTimeoutException("lock not acquired within " + limit, waited);
        };
    }

    /**
     * Releases the lock once ({@code lock:release()}); when the count drops to zero it goes to
     * the first waiting task, or becomes free.
     *
     * @throws DestroyedException           if the lock was destroyed
     * @throws IllegalMonitorStateException if the caller does not own the lock (upstream's
     *                                      {@code "cannot release a lock not owned"})
     * @throws IllegalStateException        if not called from a task of the lock's scheduler
     */
    public void release() throws DestroyedException {
        Task me = Guards.requireTask(scheduler, "Lock.release()");
        checkNotDestroyed(Duration.ZERO);
        if (owner != me) {
            throw new IllegalMonitorStateException("cannot release a lock not owned (owner: "
                    + (owner == null ? "none" : "task '" + owner.name() + "'") + ", caller: task '" + me.name() + "')");
        }
        if (--holds > 0) {
            return;
        }
        owner = null;
        dispatch();
    }

    /**
     * Destroys the lock ({@code lock:destroy()}): every waiting task fails with a
     * {@link DestroyedException}, and so does every later call.
     *
     * @return {@code true}, or {@code false} if it was already destroyed
     * @throws IllegalStateException if called from elsewhere than the lock's scheduler (see the
     *                               package documentation)
     */
    public boolean destroy() {
        Guards.requireLoop(scheduler, "Lock.destroy()");
        if (destroyed) {
            return false;
        }
        destroyed = true;
        waiters.destroyAll();
        return true;
    }

    /** Hands the free lock to the first live waiter. */
    private void dispatch() {
        if (owner != null || destroyed) {
            return;
        }
        Task current = Copas.currentTask().orElse(null);
        WaitQueue.Waiter next = waiters.head(current);
        if (next != null) {
            owner = next.task();
            holds = 1;
            waiters.grant(next, current);
        }
    }

    /** A waiter got the lock but was removed before it could run: pass it on. */
    private void abandon() {
        owner = null;
        holds = 0;
        dispatch();
    }

    private void checkNotDestroyed(Duration waited) throws DestroyedException {
        if (destroyed) {
            throw new DestroyedException("lock was destroyed", waited);
        }
    }

    /**
     * The owner ({@code lock.owner}).
     *
     * @return the owning task, or empty if the lock is free
     */
    public Optional<Task> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * How many times the owner holds the lock (re-entrant gets).
     *
     * @return the count, zero if free
     */
    public int holdCount() {
        return owner == null ? 0 : holds;
    }

    /**
     * The number of tasks waiting for the lock.
     *
     * @return the count
     */
    public int waiting() {
        return waiters.liveWaiters();
    }

    /**
     * The default timeout of {@link #get()} ({@code lock.timeout}).
     *
     * @return the timeout, possibly {@link #FOREVER}
     */
    public Duration defaultTimeout() {
        return timeout;
    }

    /**
     * Whether the owner may get the lock again.
     *
     * @return {@code true} unless created non-re-entrant
     */
    public boolean isReentrant() {
        return reentrant;
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
     * The scheduler the lock belongs to.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public String toString() {
        return "Lock[" + (destroyed ? "destroyed" : owner == null ? "free" : "owner " + owner.name() + " x" + holds)
                + ", " + waiters.liveWaiters() + " waiting]";
    }
}

package io.copas.core.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Who may touch a scheduler's loop state right now. Exactly one thread owns it at a time, taken by
 * compare-and-set, never by a lock:
 * <ul>
 * <li>a <em>loop</em> ({@code loop()}, {@code step()}, the service thread, a shutdown) owns it
 * for as long as it runs, and drains the {@linkplain #offer inbox} on every step;</li>
 * <li>any other thread may <em>borrow</em> the idle loop state for one call ({@link #tryBorrow()}
 * / {@link #release()}), so that {@code add}, {@code status} and friends work on a scheduler
 * that is not looping;</li>
 * <li>a thread that finds it owned queues its request to the inbox, and whoever owns the state
 * runs it: a request is never left behind ("offer, then look at the owner" on one side,
 * "release, then look at the inbox" on the other, so one of the two always sees the other).</li>
 * </ul>
 * A loop waiting to start has priority over borrowers, and waits parked, not spinning.
 */
final class LoopOwnership {

    /** How long a waiting loop parks before it looks again (a missed unpark costs at most this). */
    private static final long LOOP_WAIT_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String schedulerName;
    private final Runnable wakeLoop;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    /** Loops waiting to take the loop state from a borrower: borrowers stand back meanwhile. */
    private final ConcurrentLinkedQueue<Thread> waitingLoops = new ConcurrentLinkedQueue<>();
    /** Work a borrower asked for that must run once it has let go (a close(), say). */
    private final AtomicReference<Runnable> afterRelease = new AtomicReference<>();
    private volatile boolean loopActive;

    /**
     * @param schedulerName for messages
     * @param wakeLoop      wakes a loop that waits in select, so that it drains the inbox
     */
    LoopOwnership(String schedulerName, Runnable wakeLoop) {
        this.schedulerName = schedulerName;
        this.wakeLoop = wakeLoop;
    }

    /** Whether this thread owns the loop state (as the loop, or borrowing it). */
    boolean ownedByCurrentThread() {
        return owner.get() == Thread.currentThread();
    }

    /** Whether this thread borrows the idle loop state for one call. */
    boolean borrowedByCurrentThread() {
        return !loopActive && ownedByCurrentThread();
    }

    /** Whether a loop (not a one-call borrower) owns the loop state. */
    boolean loopActive() {
        return loopActive;
    }

    /** Whether requests wait in the inbox. */
    boolean hasRequests() {
        return !inbox.isEmpty();
    }

    /**
     * Runs {@code action} on the loop state from a thread that is not in the loop: borrowed at once
     * when idle, else queued for the owner.
     *
     * @param action the work
     */
    void run(Runnable action) {
        if (tryBorrow()) {
            try {
                drain();
                action.run();
            } finally {
                release();
            }
            return;
        }
        inbox.offer(action);
        wakeLoop.run();
        if (tryBorrow()) { // the loop ended meanwhile: do not leave the action behind
            release(); // drains it
        }
    }

    /**
     * Runs {@code action} once the borrower on this thread has let go of the loop state.
     *
     * @param action the work
     */
    void afterRelease(Runnable action) {
        afterRelease.set(action);
    }

    private boolean tryBorrow() {
        return waitingLoops.isEmpty() && owner.compareAndSet(null, Thread.currentThread());
    }

    /** Gives the loop state back, then runs what was queued meanwhile, then deferred work. */
    private void release() {
        owner.set(null);
        wakeWaitingLoops();
        while (!inbox.isEmpty() && tryBorrow()) {
            try {
                drain();
            } finally {
                owner.set(null);
                wakeWaitingLoops();
            }
        }
        Runnable deferred = afterRelease.getAndSet(null);
        if (deferred != null) {
            deferred.run();
        }
    }

    private void wakeWaitingLoops() {
        for (Thread loop : waitingLoops) {
            LockSupport.unpark(loop);
        }
    }

    /**
     * Takes the loop state for a loop, waiting (parked) while a borrower finishes its one call.
     *
     * @param operation for the message
     * @throws IllegalStateException when another loop runs
     */
    void enterLoop(String operation) {
        Thread me = Thread.currentThread();
        waitingLoops.add(me); // borrowers stop taking the idle loop from now on
        try {
            while (!owner.compareAndSet(null, me)) {
                if (loopActive) {
                    throw new IllegalStateException(operation + ": scheduler '" + schedulerName
                            + "' is already running");
                }
                LockSupport.parkNanos(this, LOOP_WAIT_PARK_NANOS);
            }
        } finally {
            waitingLoops.remove(me);
        }
        loopActive = true;
    }

    /** Gives the loop state back at the end of a loop, running the requests that arrived as it ended. */
    void leaveLoop() {
        loopActive = false;
        release();
    }

    /** Runs the queued requests; owner only. A failing request is logged, never thrown. */
    void drain() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            try {
                action.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                SchedulerImpl.LOG.log(System.Logger.Level.ERROR,
                        "request to scheduler '" + schedulerName + "' failed", e);
            }
        }
    }
}

package io.copas.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one carrier thread of a scheduler under the carrier engine, as an {@link Executor} of
 * virtual thread continuations. Nearly every submission comes from the carrier itself (a task
 * unparking the loop, the loop unparking the next task): those go to a plain deque, with no lock,
 * no atomic and no allocation, where a {@code ThreadPoolExecutor} paid a lock, a signal and a
 * queue node for each of the two hand-offs of every Copas switch. Submissions from other threads
 * (a selector wake-up, a timed park ending, a task unblocked by another thread) go to a concurrent
 * queue, served at least every {@link #REMOTE_EVERY} local runs so they cannot starve. The thread
 * ends after {@link #KEEP_ALIVE_NANOS} idle and a new one starts on demand.
 *
 * <p>"From the carrier" is asked of the JDK ({@code Thread.currentCarrierThread()}, reachable
 * because this engine already needs {@code java.lang} opened); {@link #create} returns
 * {@code null} when it is not reachable, and the engine falls back to a thread pool.
 */
final class CarrierExecutor implements Executor {

    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int REMOTE_EVERY = 32;

    private static final int NONE = 0;
    private static final int RUNNING = 1;
    private static final int PARKED = 2;

    private static final MethodHandle CURRENT_CARRIER = findCurrentCarrier();

    private final String threadName;
    private final ArrayDeque<Runnable> local = new ArrayDeque<>(); // the carrier thread's own
    private final ConcurrentLinkedQueue<Runnable> remote = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(NONE);
    private volatile Thread worker;

    private CarrierExecutor(String threadName) {
        this.threadName = threadName;
    }

    /**
     * An executor for the scheduler named so, or {@code null} when the JDK's current-carrier query
     * is not reachable.
     *
     * @param schedulerName for the carrier thread's name
     * @return the executor, or {@code null}
     */
    static CarrierExecutor create(String schedulerName) {
        return CURRENT_CARRIER == null ? null : new CarrierExecutor(schedulerName + "-carrier");
    }

    private static MethodHandle findCurrentCarrier() {
        try {
            MethodHandle handle = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            Thread probe = (Thread) handle.invokeExact();
            return probe == Thread.currentThread() || Thread.currentThread().isVirtual() ? handle : null;
        } catch (Throwable e) {
            return null; // java.lang not opened, or a JDK without it: the thread pool is used
        }
    }

    private static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.currentCarrierThread() failed", e);
        }
    }

    @Override
    public void execute(Runnable command) {
        Thread w = worker;
        if (w != null && currentCarrier() == w) {
            local.addLast(command);
            return;
        }
        remote.add(command);
        while (true) {
            int s = state.get();
            if (s == RUNNING) {
                return; // it looks at the remote queue before it parks
            }
            if (s == PARKED) {
                if (state.compareAndSet(PARKED, RUNNING)) {
                    LockSupport.unpark(worker);
                    return;
                }
            } else if (state.compareAndSet(NONE, RUNNING)) {
                startWorker();
                return;
            }
        }
    }

    private void startWorker() {
        Thread t = new Thread(this::work, threadName);
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    private void work() {
        int sinceRemote = 0;
        while (true) {
            Runnable next = null;
            if (++sinceRemote >= REMOTE_EVERY) {
                sinceRemote = 0;
                next = remote.poll();
            }
            if (next == null) {
                next = local.pollFirst();
            }
            if (next == null) {
                next = remote.poll();
            }
            if (next != null) {
                runSafely(next);
                continue;
            }
            if (!idle()) {
                return;
            }
        }
    }

    /** Parks until work comes; {@code false} when this thread should end (idle too long). */
    private boolean idle() {
        state.set(PARKED);
        if (!remote.isEmpty()) {
            state.compareAndSet(PARKED, RUNNING); // or a submitter already did, and unparks us
            return true;
        }
        long deadline = System.nanoTime() + KEEP_ALIVE_NANOS;
        while (state.get() == PARKED) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (!state.compareAndSet(PARKED, NONE)) {
                    return true; // a submitter won the race: go on
                }
                // no worker now: work submitted from here on starts a new one; anything that came
                // in just before goes to this thread if it can still claim the state, else to the new one
                if (!remote.isEmpty() && state.compareAndSet(NONE, RUNNING)) {
                    return true;
                }
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        return true;
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            // a continuation does not throw; should one, the carrier must survive for the others
            SchedulerImpl.LOG.log(System.Logger.Level.ERROR, "carrier thread: a submitted task failed", e);
        }
    }
}

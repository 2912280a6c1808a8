package io.copas.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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
    /** Blocked in the loop's selector on the loop's behalf: a submitter from elsewhere wakes the selector. */
    private static final int SELECTING = 3;

    private static final MethodHandle CURRENT_CARRIER = findCurrentCarrier();

    private final String threadName;
    private final ArrayDeque<Runnable> local = new ArrayDeque<>(); // the carrier thread's own
    private final ConcurrentLinkedQueue<Runnable> remote = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(NONE);
    private volatile Thread worker;
    /**
     * The task whose code runs now (set by the loop around each resume). Read and written only by
     * virtual threads mounted on this executor's carrier, one at a time: a plain field.
     */
    private TaskImpl running;
    /**
     * The selector the parked loop wants waited on, set by the loop's virtual thread before it
     * parks and cleared by the carrier when the wait is over; with it {@link #waitMillis} and
     * {@link #waitingLoop}, published by this volatile write.
     */
    private volatile Selector waitSelector;
    private long waitMillis;
    private Thread waitingLoop;
    /** The keys the carrier's wait found ready, handed to the loop when it resumes; reused. */
    private final ArrayList<SelectionKey> readyKeys = new ArrayList<>();
    private final Consumer<SelectionKey> collectReady = readyKeys::add;
    /** What the carrier's wait threw, for the loop to meet as if it had waited itself. */
    private Exception waitFailure;

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

    /**
     * The task running on the current thread when that is a task of a scheduler whose carrier this
     * is: its own virtual thread, mounted on the carrier. Answers without a thread-local, which
     * would cost every task's thread a map (0.14 KB each, a tenth of a parked task).
     *
     * @return the task, or {@code null} when the current thread is not such a task
     */
    static TaskImpl runningTaskHere() {
        if (CURRENT_CARRIER == null) {
            return null;
        }
        Thread thread = Thread.currentThread();
        if (!thread.isVirtual() || !(currentCarrier() instanceof CarrierThread carrier)) {
            return null;
        }
        TaskImpl task = carrier.owner.running;
        return task != null && task.ownThread() == thread ? task : null;
    }

    /**
     * Marks {@code task} as the one whose code runs from now, on the loop, before it resumes it.
     *
     * @param task the task, or the one that ran before (restored after a resume)
     * @return the task marked until now
     */
    TaskImpl markRunning(TaskImpl task) {
        TaskImpl before = running;
        running = task;
        return before;
    }

    /** The carrier thread, naming its executor for {@link #runningTaskHere()}. */
    private static final class CarrierThread extends Thread {
        final CarrierExecutor owner;

        CarrierThread(CarrierExecutor owner, Runnable work, String name) {
            super(work, name);
            this.owner = owner;
        }
    }

    private static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.currentCarrierThread() failed", e);
        }
    }

    /**
     * Whether the current thread is a virtual thread mounted on this executor's carrier.
     *
     * @return {@code true} on such a thread
     */
    boolean isCurrentCarrier() {
        Thread w = worker;
        return w != null && Thread.currentThread().isVirtual() && currentCarrier() == w;
    }

    /**
     * Called by the loop's virtual thread, mounted on this carrier, instead of a blocking select:
     * parks it until the carrier thread, once it has nothing else to run, has waited on
     * {@code selector} for readiness (or {@code millis}, {@code 0} for no limit, or a wake-up) and
     * collected the ready keys; then calls {@code action} for each of them here, on the loop's
     * thread. Returns at once, with no keys, if the loop's thread is interrupted (the loop clears
     * and logs that).
     *
     * @param selector the loop's selector
     * @param action   called for each ready key, on the loop's thread
     * @param millis   the longest wait, {@code 0} for no limit
     * @return the number of keys the action was called for
     * @throws IOException if the selector failed, as its own select would have
     */
    int awaitSelectable(Selector selector, Consumer<SelectionKey> action, long millis) throws IOException {
        waitMillis = millis;
        waitingLoop = Thread.currentThread();
        waitSelector = selector;
        // this virtual thread is the carrier's only work while it runs: nothing reads the request
        // until it parks, so it can be withdrawn without a race
        while (waitSelector != null) {
            if (Thread.currentThread().isInterrupted()) {
                waitSelector = null; // park would return at once, forever: give the loop back its turn
                break;
            }
            LockSupport.park(this);
        }
        waitingLoop = null;
        try {
            Exception failure = waitFailure;
            if (failure != null) {
                waitFailure = null;
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) failure; // a closed selector, say
            }
            int count = readyKeys.size();
            for (int i = 0; i < count; i++) {
                action.accept(readyKeys.get(i));
            }
            return count;
        } finally {
            readyKeys.clear();
        }
    }

    /** On the carrier thread, nothing else to run: the loop's wait, then the loop resumes. */
    private void selectForLoop() {
        Selector selector = waitSelector;
        Thread loop = waitingLoop;
        state.set(SELECTING);
        try {
            if (remote.isEmpty()) { // else a submission came first: serve it, the loop waits again later
                selector.select(collectReady, waitMillis); // no loop code here: the loop handles them
            }
        } catch (IOException | RuntimeException e) {
            waitFailure = e; // thrown to the loop, which handles a failing selector
        } finally {
            state.set(RUNNING);
            waitSelector = null;
            LockSupport.unpark(loop); // from the carrier: it goes to the local deque
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
            if (s == SELECTING) {
                Selector selector = waitSelector;
                if (selector != null) {
                    selector.wakeup(); // it looked at the remote queue before it began to wait
                }
                return; // else the wait is over and the carrier is running again
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
        Thread t = new CarrierThread(this, this::work, threadName);
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
            if (waitSelector != null) {
                selectForLoop();
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

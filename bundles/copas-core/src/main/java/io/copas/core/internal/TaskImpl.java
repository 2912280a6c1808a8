package io.copas.core.internal;

import io.copas.core.CopasSocket;
import io.copas.core.ErrorHandler;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import io.copas.core.TaskRemovedError;
import io.copas.core.TaskState;
import io.copas.core.TimeoutCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A task: its code on an engine strand, plus the loop's bookkeeping. Every field is confined to
 * the loop (only one strand of a scheduler runs at a time), except {@link #state}, which other
 * threads may read as a hint.
 */
public final class TaskImpl implements Task {

    private static final ThreadLocal<TaskImpl> CURRENT = new ThreadLocal<>();

    final SchedulerImpl scheduler;
    // made on first use: most tasks never wait with a deadline (a sleeper uses the heap), and
    // 100,000 tasks would carry 8 MB of unused nodes
    private TimerWheel.Node ioTimeout;
    private TimerWheel.Node userTimeout;
    private final Engine.Strand strand;
    private final TaskBody body;

    private volatile String name;
    /** Written on the loop; volatile so that other threads polling isDone() see the end. */
    volatile TaskState state = TaskState.RUNNABLE;
    private volatile ErrorHandler errorHandler;
    private CopasSocket socket;
    boolean started;
    boolean removed;
    /** The removal was thrown into the task once: if it still wants to wait, it is dropped. */
    private boolean removalDelivered;
    /** The task swallowed its removal and was given up by the loop; it is never resumed again. */
    boolean dropped;
    /** Stamps the task's entries in the run queue: only an entry of the current generation runs it. */
    int runGeneration;
    /** Close {@link #socket} when the task ends (a server handler with autoclose). */
    boolean autoclose;
    Throwable failure;
    private List<Runnable> doneActions;
    TimeoutCallback userCallback;

    /** Links of the scheduler's {@link LiveTasks}. */
    TaskImpl livePrevious;
    TaskImpl liveNext;

    // sleeping
    long wakeAtNanos;
    int heapIndex = -1;

    // socket waits
    SocketBase waitSocket;
    WakeReason wakeReason;
    int ioBudget = Fairness.IO_BUDGET;

    TaskImpl(SchedulerImpl scheduler, String name, TaskBody body) {
        this.scheduler = scheduler;
        this.name = name;
        this.body = body;
        this.strand = scheduler.engine.newStrand(name, new Life());
    }

    /**
     * The task running on this thread.
     *
     * @return the task, or {@code null} outside a task
     */
    public static TaskImpl current() {
        TaskImpl onCarrier = CarrierExecutor.runningTaskHere();
        return onCarrier != null ? onCarrier : CURRENT.get();
    }

    /**
     * The task running on this thread.
     *
     * @param operation the call, for the error message
     * @return the task
     * @throws IllegalStateException outside a task
     */
    public static TaskImpl requireCurrent(String operation) {
        TaskImpl task = current();
        if (task == null) {
            throw new IllegalStateException(operation + " must be called from a Copas task");
        }
        return task;
    }

    /**
     * The task's whole life on its strand: runs the body once and keeps how it failed for the
     * loop. A class of its own, not a method reference, whose adapter's frame would sit under the
     * body on every parked task's stack; and not the task itself, which users hold and must not be
     * able to run.
     */
    private final class Life implements Runnable {

        @Override
        public void run() {
            boolean threadLocal = scheduler.engine.runningTaskSlot() == null; // else the carrier tells current()
            if (threadLocal) {
                CURRENT.set(TaskImpl.this);
            }
            try {
                body.run();
            } catch (TaskRemovedError removedError) {
                // unwound on purpose: not an error
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (threadLocal) {
                    CURRENT.remove();
                }
            }
        }
    }

    /** The wheel node of this task's socket-wait deadline. */
    TimerWheel.Node ioTimeout() {
        if (ioTimeout == null) {
            ioTimeout = new TimerWheel.Node(this, false);
        }
        return ioTimeout;
    }

    private TimerWheel.Node userTimeout() {
        if (userTimeout == null) {
            userTimeout = new TimerWheel.Node(this, true);
        }
        return userTimeout;
    }

    /** Disarms the socket-wait deadline, if one was ever set. */
    void cancelIoTimeout() {
        if (ioTimeout != null) {
            scheduler.wheel.cancel(ioTimeout);
        }
    }

    /** Disarms the user timeout ({@code Copas.timeout}), if one was ever set. */
    void cancelUserTimeout() {
        if (userTimeout != null) {
            scheduler.wheel.cancel(userTimeout);
        }
    }

    // ---------------------------------------------------------------- loop side

    /** Runs the task until it yields or ends; returns whether it ended. */
    boolean resume() {
        started = true;
        state = TaskState.RUNNING;
        if (strand.sharesLoopThread()) {
            CURRENT.set(this);
            try {
                strand.resume();
            } finally {
                CURRENT.set(null); // the loop thread is the loop again (set, not remove: no map churn)
            }
        } else {
            CarrierExecutor slot = scheduler.engine.runningTaskSlot();
            if (slot == null) {
                strand.resume();
            } else {
                TaskImpl before = slot.markRunning(this); // a task running runDue() resumes others
                try {
                    strand.resume();
                } finally {
                    slot.markRunning(before);
                }
            }
        }
        return strand.isDone();
    }

    /**
     * Runs the task, and the tasks it hands the turn to, until the chain gives the turn back to
     * the loop ({@link ParkingStrand.Baton}).
     *
     * @param own   this task's strand
     * @param chain the loop's baton
     */
    void resumeInChain(ParkingStrand own, ParkingStrand.Baton chain) {
        CarrierExecutor slot = scheduler.engine.runningTaskSlot();
        TaskImpl before = slot == null ? null : slot.markRunning(this); // each later run of the chain marks its own
        started = true;
        state = TaskState.RUNNING;
        try {
            own.resume(chain);
        } finally {
            if (slot != null) {
                slot.markRunning(before);
            }
        }
    }

    /** This task's run begins, in a chain: on the thread that hands it the turn. */
    void beginChainedRun() {
        started = true;
        state = TaskState.RUNNING;
        CarrierExecutor slot = scheduler.engine.runningTaskSlot();
        if (slot != null) {
            slot.markRunning(this);
        }
    }

    /** Whether the task's code has ended. */
    boolean strandDone() {
        return strand.isDone();
    }

    /** This task's strand when it is one that can take part in a chain of hand-offs, else {@code null}. */
    ParkingStrand parkingStrand() {
        return strand instanceof ParkingStrand parking ? parking : null;
    }

    /** The task's own thread, or {@code null} for a strand on the loop's thread. */
    Thread ownThread() {
        return strand.thread();
    }

    /** The thread the task's code runs on (the loop's, for continuation strands). */
    Thread thread() {
        Thread own = strand.thread();
        return own != null ? own : scheduler.loopThread();
    }

    // ---------------------------------------------------------------- task side

    /** Hands control to the loop; the caller has put the task where the loop will find it. */
    void yieldToLoop() {
        if (removalDelivered) {
            abandon(null); // socket waits were caught by checkRemoved(socket) already
        }
        ioBudget = Fairness.IO_BUDGET;
        try {
            strand.yieldToLoop();
        } catch (RuntimeException | Error e) {
            // could not yield (a continuation pinned by a native frame): undo the wait just
            // registered, including an entry already queued by pause(0), which must never run
            scheduler.detach(this);
            RunQueue.invalidate(this);
            state = TaskState.RUNNING;
            throw e;
        }
        checkRemoved();
    }

    /** Fails fast when the task was removed while running, before it registers a new wait. */
    void checkRemoved() {
        checkRemoved(null);
    }

    /**
     * Fails fast when the task was removed while running, before it registers a new wait.
     *
     * @param socket the socket it is about to wait on, if any
     */
    void checkRemoved(SocketBase socket) {
        if (removed) {
            if (removalDelivered) {
                abandon(socket);
            }
            removalDelivered = true;
            throw new TaskRemovedError(name);
        }
    }

    /**
     * The task caught its removal and wants to wait again: as Copas drops a removed coroutine, the
     * loop gives it up for good. Its wait is undone; the operation it was in on the socket it
     * wanted to wait on ends ({@link SocketBase#leaveTurnsOf}); that socket is closed unless
     * another task holds a turn on it or waits in line (no one else would close it; a shared one
     * stays theirs); and it yields for the last time. The loop ends it (the turns it holds on other
     * sockets pass on likewise, done actions run, an autoclose socket is closed) and logs a
     * warning naming it.
     */
    private void abandon(SocketBase socket) {
        scheduler.detach(this);
        if (socket != null) {
            socket.leaveTurnsOf(this);
            if (!socket.usedByOthers(this)) {
                socket.close();
            }
        }
        RunQueue.invalidate(this);
        state = TaskState.RUNNING;
        dropped = true;
        strand.yieldToLoop();
        throw new IllegalStateException("task '" + name + "' was dropped by its scheduler and resumed");
    }

    /**
     * Copas.pause for this task.
     *
     * @param delay how long; zero or negative yields until the next step
     * @return the time actually paused
     */
    public Duration pause(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        checkRemoved();
        long start = scheduler.clock.nanoTime();
        if (delay.isNegative() || delay.isZero()) {
            scheduler.makeRunnable(this);
        } else {
            wakeAtNanos = start + saturatedNanos(delay);
            state = TaskState.SLEEPING;
            scheduler.sleepers.add(this);
        }
        yieldToLoop();
        return Duration.ofNanos(scheduler.clock.nanoTime() - start);
    }

    /**
     * Copas.pauseForever for this task.
     *
     * @return the time actually paused
     */
    public Duration pauseForever() {
        checkRemoved();
        long start = scheduler.clock.nanoTime();
        scheduler.suspend(this);
        yieldToLoop();
        return Duration.ofNanos(scheduler.clock.nanoTime() - start);
    }

    /**
     * Copas.suspend for this task.
     *
     * @param timeout how long at most; {@code null} or negative waits forever
     * @return {@code true} if woken up, {@code false} if the timeout expired
     */
    public boolean suspend(Duration timeout) {
        checkRemoved();
        if (timeout != null && timeout.isZero()) {
            return false;
        }
        scheduler.suspend(this);
        wakeReason = null;
        if (timeout != null && !timeout.isNegative()) {
            scheduler.wheel.schedule(ioTimeout(), scheduler.clock.nanoTime() + saturatedNanos(timeout));
        }
        yieldToLoop();
        cancelIoTimeout();
        return wakeReason != WakeReason.TIMEOUT;
    }

    /** Counts one successful non-blocking I/O call and yields for a step when the budget is spent. */
    void spendIoBudget() {
        if (--ioBudget <= 0 && !(removalDelivered && ioBudget > -Fairness.UNWINDING_IO_ALLOWANCE)) {
            pause(Duration.ZERO); // the budget is refilled at every yield; unwinding, it runs on below zero
        }
    }

    /**
     * Copas.timeout for this task.
     *
     * @param delay    when; zero, or a delay too long to ever expire, cancels
     * @param callback what to run on expiry
     */
    public void setUserTimeout(Duration delay, TimeoutCallback callback) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        cancelUserTimeout();
        userCallback = null;
        if (delay.isZero() || saturatedNanos(delay) == FOREVER_NANOS) {
            return; // as Copas: 0 or math.huge cancels (a timer that never fires must not keep the loop alive)
        }
        userCallback = Objects.requireNonNull(callback, "callback");
        scheduler.wheel.schedule(userTimeout(), scheduler.clock.nanoTime() + saturatedNanos(delay));
    }

    /** Nanoseconds that stand for "never": far beyond any real wait, yet safe to add to a clock's nanoTime. */
    static final long FOREVER_NANOS = Long.MAX_VALUE / 4;

    /**
     * A duration in nanoseconds, saturated to {@code [-FOREVER_NANOS, FOREVER_NANOS]} so that
     * {@code clock.nanoTime() + saturatedNanos(d)} never overflows into the past.
     */
    static long saturatedNanos(Duration d) {
        try {
            return Math.max(-FOREVER_NANOS, Math.min(FOREVER_NANOS, d.toNanos()));
        } catch (ArithmeticException e) {
            return d.isNegative() ? -FOREVER_NANOS : FOREVER_NANOS;
        }
    }

    // ---------------------------------------------------------------- Task

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = SchedulerImpl.checkName(name);
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public TaskState state() {
        return state;
    }

    @Override
    public boolean isDone() {
        return state == TaskState.DONE;
    }

    @Override
    public void whenDone(Runnable action) {
        Objects.requireNonNull(action, "action");
        scheduler.runInLoop(() -> {
            if (state == TaskState.DONE) {
                scheduler.runDoneAction(this, action);
            } else {
                if (doneActions == null) {
                    doneActions = new ArrayList<>(2);
                }
                doneActions.add(action);
            }
        });
    }

    /** Loop side: the actions waiting for the end of this task, now due; clears them. */
    List<Runnable> takeDoneActions() {
        List<Runnable> actions = doneActions;
        doneActions = null;
        return actions == null ? List.of() : actions;
    }

    @Override
    public ErrorHandler errorHandler() {
        ErrorHandler own = errorHandler;
        return own != null ? own : scheduler.defaultErrorHandler();
    }

    @Override
    public void setErrorHandler(ErrorHandler handler) {
        this.errorHandler = handler;
    }

    @Override
    public CopasSocket socket() {
        return socket;
    }

    void setSocket(CopasSocket socket) {
        this.socket = socket;
    }

    @Override
    public String toString() {
        return "Task[" + name + ", " + state + "]";
    }
}

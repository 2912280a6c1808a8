package io.copas.core.internal;

import io.copas.core.ConnectionHandler;
import io.copas.core.DatagramHandler;
import io.copas.core.ErrorHandler;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerClock;
import io.copas.core.SchedulerStatus;
import io.copas.core.Server;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import io.copas.core.TaskRemovedError;
import io.copas.core.TaskState;
import io.copas.core.TcpSocket;
import io.copas.core.TimeoutCallback;
import io.copas.core.UdpSocket;
import io.copas.core.internal.jfr.FlightEvents;
import io.copas.core.spi.SocketArguments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Copas loop. All loop state is confined to the thread that owns the loop and to the tasks it
 * resumes, one at a time; other threads reach it through the requests of {@link LoopOwnership},
 * or by borrowing the idle loop for one call. No locks: ownership is a compare-and-set. Not final
 * only so that the DS component can be the scheduler itself (tasks then report the very object
 * registered as the service).
 */
public class SchedulerImpl implements Scheduler {

    static final System.Logger LOG = System.getLogger("io.copas.core");

    private static final ThreadLocal<SchedulerImpl> LOOP = new ThreadLocal<>();
    private static final int IO_BUFFER_SIZE = 64 * 1024;

    private final String name;
    final Engine engine;
    /** The selector and the loop's waits on it. */
    final LoopPoller poller;
    /** Shared by the tasks for socket I/O: only one of them runs at a time, and none keeps data in it across a yield. */
    final ByteBuffer ioBuffer = ByteBuffer.allocateDirect(IO_BUFFER_SIZE);
    final SleeperHeap sleepers = new SleeperHeap();
    /** Time of pauses and timeouts; the loop's own bookkeeping (statistics, watchdog, polling) stays real. */
    final SchedulerClock clock;
    /** The clock is moved by hand: never wait real time for a deadline, poll sockets on every step. */
    private final boolean virtualTime;
    final TimerWheel wheel;
    private final StepStatistics stats = new StepStatistics();
    // bound once: a method reference per step would allocate on the hot path
    private final Consumer<TaskImpl> wakeSleeper = this::wakeSleeper;
    private final Consumer<TimerWheel.Node> fireTimeout = this::fire;
    // what the current step did so far: runDue() stops at a step that did nothing
    private int stepEvents;
    private int stepTimers;
    private int stepRuns;
    /** runDue(), which polls the sockets on every step while it is at work. */
    private final DueRunner due = new DueRunner(this);

    private final ReadyTasks runnable = new ReadyTasks();
    private final ReadyTasks.Runner runTask = this::runCounted;
    /** Lets the tasks of a step pass the turn to each other (see {@link ParkingStrand.Baton}). */
    private final ParkingStrand.Baton baton = new ParkingStrand.Baton(this::handOff);
    // the run under way (in a chain of hand-offs, the task holding the turn) and its bookkeeping;
    // fields, not locals, as a hand-off ends one run and begins the next on a task's thread
    private TaskImpl runningTask;
    private boolean runWatched;
    private Object runFlight;
    private final LiveTasks live = new LiveTasks();
    private final SocketRegistry sockets = new SocketRegistry(this);
    int readers;
    int writers;
    private int suspended;

    /** Who owns the loop state, and the requests of other threads. */
    final LoopOwnership ownership;
    private final AtomicBoolean serviceStarted = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private volatile Thread serviceThread;
    private volatile boolean running;
    /** An embedded loop() runs (not a step(), runDue() or shutdown, which leave running() alone). */
    private volatile boolean embeddedLoop;
    /** Exit, close and the shutdown sequence, with their flags. */
    private final SchedulerShutdown shutdown = new SchedulerShutdown(this);
    private volatile boolean autoclose = true;
    private volatile ErrorHandler defaultHandler = Tracebacks.LOGGING_HANDLER;
    private volatile DebugLog debugLog;
    private final ClientLookup clientLookup = new ClientLookup(this);

    private final LoopWatch watch;
    private volatile Thread loopThread;
    private volatile int receiveLimit = TcpSocket.DEFAULT_RECEIVE_LIMIT;

    /**
     * Creates a scheduler.
     *
     * @param name               its name
     * @param engine             the engine's name, see {@link Scheduler.Builder#engine(String)}
     * @param detailedStatistics whether to collect detailed statistics from the start
     */
    public SchedulerImpl(String name, String engine, boolean detailedStatistics) {
        this(name, engine, detailedStatistics, SystemClock.INSTANCE);
    }

    /**
     * Creates a scheduler on a clock of its own.
     *
     * @param name               its name
     * @param engine             the engine's name, see {@link Scheduler.Builder#engine(String)}
     * @param detailedStatistics whether to collect detailed statistics from the start
     * @param clock              the clock of its pauses, timeouts and timers
     */
    public SchedulerImpl(String name, String engine, boolean detailedStatistics, SchedulerClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.virtualTime = clock.isVirtual();
        this.wheel = new TimerWheel(clock.nanoTime(), virtualTime);
        this.name = checkName(name);
        this.engine = Engines.select(engine, this.name);
        this.ownership = new LoopOwnership(this.name, this::wakeLoop);
        this.poller = new LoopPoller(this.name, this.engine, this::onKey, () -> ownership.hasRequests() || shutdown.closeRequested());
        this.watch = new LoopWatch(this.name);
        if (detailedStatistics) {
            stats.enable(true);
        }
        setWatchdog(Watchdog.fromSystemProperty());
    }

    /**
     * The scheduler of the current task or loop thread.
     *
     * @param operation the call, for the error message
     * @return the scheduler
     * @throws IllegalStateException outside a task and the loop
     */
    public static SchedulerImpl requireCurrent(String operation) {
        TaskImpl task = TaskImpl.current();
        if (task != null) {
            return task.scheduler;
        }
        SchedulerImpl loop = LOOP.get();
        if (loop == null) {
            throw new IllegalStateException(operation + " must be called from a Copas task");
        }
        return loop;
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String engine() {
        return engine.name();
    }

    // ================================================================ access rules

    @Override
    public boolean inLoop() {
        return inLoopContext();
    }

    /** Whether this thread runs the loop or one of its tasks (loop-side state may be touched). */
    boolean inLoopContext() {
        if (ownership.ownedByCurrentThread()) {
            return true;
        }
        TaskImpl task = TaskImpl.current();
        return task != null && task.scheduler == this;
    }

    /** The current task, which must belong to this scheduler. */
    TaskImpl requireOwnTask(String operation) {
        return requireOwnTask(operation, null);
    }

    /**
     * The current task, which must belong to this scheduler, for {@code operation} on the thing
     * named {@code subject} (or on nothing when {@code null}). The message is put together only
     * when it is thrown: every socket wait passes here.
     */
    TaskImpl requireOwnTask(String operation, String subject) {
        TaskImpl task = TaskImpl.current();
        if (task == null || task.scheduler != this) {
            String what = subject == null ? operation : operation + " '" + subject + "'";
            if (task == null) {
                throw new IllegalStateException(what + " must be called from a task of scheduler '" + name + "'");
            }
            // schedulers are all named "copas" unless told otherwise: say "another", not only the name
            String other = task.scheduler.name.equals(name) ? "another scheduler of the same name"
                    : "scheduler '" + task.scheduler.name + "'";
            throw new IllegalStateException(what + " belongs to scheduler '" + name + "' and must be called from one"
                    + " of its tasks, not from task '" + task.name() + "' of " + other);
        }
        return task;
    }

    /** Runs {@code action} on the loop: now if this thread may, else queued to the loop. */
    void runInLoop(Runnable action) {
        if (inLoopContext()) {
            action.run();
        } else {
            ownership.run(action);
        }
    }

    /**
     * Computes {@code query} on the loop and waits for it when called from another thread; refused
     * from the loop or a task of another scheduler, whose waiting would hold that loop, and two
     * loops waiting for each other (members of one group asking each other's status) never wake.
     */
    <T> T callInLoop(Supplier<T> query) {
        if (inLoopContext()) {
            return query.get();
        }
        SchedulerImpl caller = callingLoop();
        if (caller != null) {
            throw new IllegalStateException("this call waits for the loop of scheduler '" + name + "' and so would hold"
                    + " the loop of scheduler '" + caller.name + "' (two loops waiting for each other never wake): call it"
                    + " from outside the loops, or from a task of '" + name + "' (submit() one and wait for its result"
                    + " cooperatively)");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        runInLoop(() -> {
            try {
                result.complete(query.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.join();
    }

    /** The scheduler whose loop or task runs on this thread, or {@code null} outside every loop. */
    private static SchedulerImpl callingLoop() {
        TaskImpl task = TaskImpl.current();
        return task != null ? task.scheduler : LOOP.get();
    }

    void enterLoop(String operation) {
        ownership.enterLoop(operation);
        LOOP.set(this);
        loopThread = Thread.currentThread();
    }

    void leaveLoop() {
        LOOP.remove();
        if (poller.takeStrayInterrupt()) { // not ours to swallow: the caller of loop()/step() gets it back
            Thread.currentThread().interrupt();
        }
        ownership.leaveLoop();
    }

    /** Ends the loop's blocking wait, from any thread (bound before the poller exists). */
    private void wakeLoop() {
        poller.wakeup();
    }

    /** The next number for a default name (tasks, sockets, servers). */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** Whether a new connection still gets a handler: not after the shutdown removed every task; loop side. */
    boolean admitsConnections() {
        return !shutdown.closed() && !shutdown.draining();
    }

    /** Refuses work once the scheduler is closed. */
    void checkOpen() {
        if (shutdown.closed()) {
            throw new IllegalStateException("scheduler '" + name + "' is closed");
        }
    }

    /**
     * A started service owns the loop from start() on: refused here rather than left to the race
     * with the service thread, which may not have claimed the loop yet.
     */
    private void requireNoService(String operation) {
        if (serviceStarted.get()) {
            throw new IllegalStateException("scheduler '" + name + "' runs as a service (start()): " + operation
                    + " cannot drive it too");
        }
    }

    // ================================================================ tasks

    @Override
    public Task add(TaskBody body) {
        return add(null, body);
    }

    @Override
    public Task add(String name, TaskBody body) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        if (shutdown.closeRequested() && !inLoopContext()) { // tasks may still add clean-up work while closing
            throw new IllegalStateException("scheduler '" + this.name + "' is closing");
        }
        TaskImpl task = new TaskImpl(this, name == null ? "copas_task_" + nextId() : checkName(name), body);
        runInLoop(() -> admit(task));
        return task;
    }

    private void admit(TaskImpl task) {
        if (shutdown.closed() || shutdown.draining()) { // too late: the shutdown already removed every task
            task.removed = true;
            complete(task);
            return;
        }
        live.add(task);
        makeRunnable(task);
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        CompletableFuture<T> result = new CompletableFuture<>();
        Task task;
        try {
            task = add(() -> {
                try {
                    result.complete(callable.call());
                } catch (TaskRemovedError e) {
                    throw e; // completed by whenDone below
                } catch (Throwable e) {
                    result.completeExceptionally(e); // the caller gets it: not an error of the loop
                }
            });
        } catch (IllegalStateException closedOrClosing) {
            return CompletableFuture.failedFuture(closedOrClosing); // a future API fails through the future
        }
        // removed before or while running, or shut down: the future must not wait forever
        task.whenDone(() -> result.completeExceptionally(
                new CancellationException("task removed from scheduler '" + name + "'")));
        return result;
    }

    /** Starts the handler task of a server; loop side. */
    TaskImpl startHandler(String taskName, SocketBase socket, TaskBody body, boolean closeAfter) {
        TaskImpl task = new TaskImpl(this, taskName, body);
        task.setSocket(socket);
        task.autoclose = closeAfter; // closed in complete(), after the error handler saw it open (as Copas)
        admit(task);
        return task;
    }

    @Override
    public boolean remove(Task task) {
        TaskImpl own = own(task);
        if (inLoopContext()) {
            return removeInLoop(own);
        }
        boolean wasLive = !own.isDone();
        runInLoop(() -> removeInLoop(own));
        return wasLive;
    }

    private boolean removeInLoop(TaskImpl task) {
        if (task.state == TaskState.DONE || task.removed) {
            return false;
        }
        task.removed = true;
        task.cancelUserTimeout();
        task.userCallback = null;
        if (detach(task)) {
            makeRunnable(task); // unwound in the next step
        } // else queued (unwound when its turn comes) or running (unwound at its next yield)
        return true;
    }

    /**
     * Takes a waiting task out of whatever it waits in (sleepers, suspended, a socket), keeping
     * the counters right.
     *
     * @return whether it was waiting
     */
    boolean detach(TaskImpl task) {
        switch (task.state) {
            case SLEEPING -> sleepers.remove(task);
            case SUSPENDED -> suspended--;
            case READING, WRITING -> {
                if (task.waitSocket != null) {
                    task.waitSocket.endWait(task);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean wakeup(Task task) {
        TaskImpl own = own(task);
        if (inLoopContext()) {
            return wakeupInLoop(own);
        }
        runInLoop(() -> wakeupInLoop(own));
        return true;
    }

    boolean wakeupInLoop(TaskImpl task) {
        if (task.state != TaskState.SLEEPING && task.state != TaskState.SUSPENDED) {
            return false; // a socket wait ends only by readiness, timeout or close
        }
        detach(task);
        makeRunnable(task);
        return true;
    }

    private TaskImpl own(Task task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof TaskImpl own) || own.scheduler != this) {
            throw new IllegalArgumentException("task '" + task.name() + "' does not belong to scheduler '" + name + "'");
        }
        return own;
    }

    @Override
    public List<Task> tasks() {
        return callInLoop(() -> Collections.unmodifiableList(live.snapshot()));
    }

    void makeRunnable(TaskImpl task) {
        task.state = TaskState.RUNNABLE;
        runnable.add(task);
    }

    void suspend(TaskImpl task) {
        task.state = TaskState.SUSPENDED;
        suspended++;
    }

    // ================================================================ the loop

    @Override
    public void loop() {
        loop(null, null);
    }

    @Override
    public void loop(TaskBody init) {
        loop(init, null);
    }

    @Override
    public void loop(TaskBody init, Duration stepTimeout) {
        requireOutsideLoop("loop()");
        checkOpen();
        requireNoService("loop()");
        if (init != null) {
            add("copas_initializer", init);
        }
        engine.runLoop(name + "-loop", () -> {
            enterLoop("loop()");
            shutdown.clearExit();
            embeddedLoop = true;
            running = true;
            try {
                while (true) {
                    step(stepTimeout, true);
                    if (shutdown.closeRequested()) {
                        shutdown.shutdownInLoop();
                        break;
                    }
                    if (finishedInLoop()) {
                        if (shutdown.exiting()) {
                            break;
                        }
                        shutdown.exitInLoop();
                    }
                }
            } finally {
                embeddedLoop = false;
                running = false;
                leaveLoop();
            }
        });
    }

    /** The longest wait of step(null): upstream's core timer task wakes its step every 0.1 s. */
    private static final Duration LONGEST_STEP_WAIT = Duration.ofMillis(100);

    @Override
    public boolean step(Duration timeout) {
        requireOutsideLoop("step()");
        checkOpen();
        requireNoService("step()");
        // upstream's step() never waits longer than its core timer task's 0.1 s pause
        Duration wait = timeout == null ? LONGEST_STEP_WAIT : timeout;
        boolean[] handled = new boolean[1];
        engine.runLoop(name + "-step", () -> {
            enterLoop("step()");
            try {
                handled[0] = step(wait, false);
                if (shutdown.closeRequested()) {
                    shutdown.shutdownInLoop();
                }
            } finally {
                leaveLoop();
            }
        });
        return handled[0];
    }

    void requireOutsideLoop(String operation) {
        if (TaskImpl.current() != null || LOOP.get() != null) {
            throw new IllegalStateException(operation + " cannot be called from a task or from the loop");
        }
    }

    @Override
    public void start() {
        checkOpen();
        if (serviceStarted.get()) {
            throw alreadyStarted();
        }
        if (shutdown.closeRequested()) {
            throw new IllegalStateException("scheduler '" + name + "' is closing");
        }
        if (inLoopContext() || ownership.loopActive()) {
            // a service thread could never take the loop from it, and would leave a started scheduler with no loop
            throw new IllegalStateException("scheduler '" + name + "' already runs a loop (loop(), step() or runDue()):"
                    + " start() cannot drive it too");
        }
        if (!serviceStarted.compareAndSet(false, true)) {
            throw alreadyStarted();
        }
        Thread thread = engine.newLoopThread(name + "-loop", this::serviceLoop);
        serviceThread = thread;
        running = true; // from now until the service loop ends: start() returning means running
        thread.start();
    }

    private IllegalStateException alreadyStarted() {
        return new IllegalStateException("scheduler '" + name + "' was already started");
    }

    private void serviceLoop() {
        try {
            enterLoop("start()");
        } catch (IllegalStateException e) {
            // a shutdown run by close() (nothing left to serve), or a loop() that began just as
            // start() looked: this service never ran, so start() may be called again once it ends
            LOG.log(shutdown.closeRequested() ? System.Logger.Level.DEBUG : System.Logger.Level.ERROR, e.getMessage());
            running = embeddedLoop; // a loop() that won the race says for itself that it runs
            serviceThread = null;
            serviceStarted.set(false);
            return;
        }
        try {
            while (!shutdown.closeRequested()) {
                try {
                    step(null, false);
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "scheduler '" + name + "': loop step failed", e);
                }
            }
            shutdown.shutdownInLoop();
        } finally {
            running = false;
            leaveLoop();
        }
    }

    /**
     * One iteration: wait for sockets and timers, then run what is ready.
     *
     * @param endsWhenFinished whether the caller ends once nothing is left (loop()): then a step
     *                         with nothing left does not wait, for nothing registered could end the
     *                         wait; a user's step() waits as upstream's, whose core timer is always due
     */
    private boolean step(Duration timeout, boolean endsWhenFinished) {
        ownership.drain();
        long wait = waitNanos(timeout, endsWhenFinished);
        int events = poller.poll(wait, virtualTime || due.settling()); // catching up with a clock: I/O must be seen at each time
        long start = System.nanoTime();
        Object flight = Flight.on() ? FlightEvents.stepStarted() : null;
        DebugLog debug = debugLog;
        if (debug != null) {
            debug.step(wait, events, runnable.size());
        }
        stepEvents = events;
        stepTimers = 0;
        stepRuns = 0;
        long now = virtualTime ? clock.nanoTime() : start;
        runnable.servingTimers(true);
        try {
            sleepers.popDue(now, wakeSleeper);
            wheel.expire(now, fireTimeout);
        } finally {
            runnable.servingTimers(false);
        }
        ownership.drain();
        int ran = runBatch();
        if (flight != null) {
            FlightEvents.stepEnded(flight, name, ran, events);
        }
        watch.stepEnded(System.nanoTime() - start, ran);
        if (stats.enabled()) {
            stats.record(System.nanoTime() - start);
        }
        return events > 0;
    }

    private long waitNanos(Duration timeout, boolean endsWhenFinished) {
        if (!runnable.isEmpty() || ownership.hasRequests() || shutdown.closeRequested() || (endsWhenFinished && finishedInLoop())) {
            return 0; // work to do, or a loop about to end
        }
        long wait = timeout == null ? Long.MAX_VALUE : Math.max(0, TaskImpl.saturatedNanos(timeout));
        long next = Math.min(sleepers.nextWakeNanos(), wheel.nextCheckNanos());
        if (next != Long.MAX_VALUE) {
            long left = Math.max(0, next - clock.nanoTime());
            if (!virtualTime || left == 0) { // virtual time moves only when the test moves it: wait for I/O only
                wait = Math.min(wait, left);
            }
        }
        return wait;
    }

    private void onKey(SelectionKey key) {
        try {
            ((Selectable) key.attachment()).onReady(key.readyOps());
        } catch (CancelledKeyException e) {
            // closed while ready: the close already woke its tasks
        }
    }

    /** Runs this step's share of the tasks made runnable before it; returns how many. */
    private int runBatch() {
        // unwinding on shutdown counts steps, not time: each step then runs everything ready
        return runnable.runStep(runTask, shutdown.draining() ? Long.MAX_VALUE : Fairness.STEP_BUDGET_NANOS);
    }

    private void runCounted(TaskImpl task) {
        stepRuns++; // before the run: runDue() in the task looks at it
        run(task);
    }

    private void run(TaskImpl task) {
        if (task.state == TaskState.DONE) {
            return;
        }
        if (task.removed && !task.started) {
            complete(task);
            return;
        }
        DebugLog debug = debugLog;
        if (debug != null) {
            debug.resuming(task);
        }
        beginRun(task);
        ParkingStrand chainable = task.parkingStrand();
        if (debug == null && chainable != null && Thread.currentThread() == loopThread) {
            task.resumeInChain(chainable, baton); // may run more tasks of this drain: see handOff()
        } else {
            task.resume();
        }
        TaskImpl last = runningTask; // the task that gave the turn back
        runningTask = null;
        boolean ended = last.strandDone();
        endRun(last, ended);
        if (debug != null) {
            debug.resumed(last, ended);
        }
        if (ended) {
            complete(last);
        } else if (last.dropped) {
            LOG.log(System.Logger.Level.WARNING, "scheduler '" + name + "': task '" + last.name()
                    + "' caught its removal and tried to wait again: dropped (it will not be resumed)");
            complete(last);
        }
    }

    /** Bookkeeping before {@code task} runs (watchdog, JFR), on whichever thread hands it the turn. */
    private void beginRun(TaskImpl task) {
        runningTask = task;
        if (Flight.on()) {
            if (!task.started) {
                FlightEvents.lifecycle(name, task.name(), "start");
            }
            runFlight = FlightEvents.runStarted();
        }
        runWatched = watch.runStarting(task);
    }

    /** Bookkeeping after a run of {@code task}, which {@code ended} or yielded. */
    private void endRun(TaskImpl task, boolean ended) {
        if (runWatched) {
            watch.runEnded();
            runWatched = false;
        }
        if (runFlight != null) {
            FlightEvents.runEnded(runFlight, name, task.name(), ended);
            runFlight = null;
        }
    }

    /**
     * The loop's part of a hand-off, run on the thread of the task that yields while the loop
     * waits (one of them runs at a time, so the loop's state is safe here): ends that task's run,
     * begins the next one's. Declines, leaving the next task to the loop, when the yielding task
     * must be completed (dropped) or the next one needs more than a resume.
     */
    private ParkingStrand handOff() {
        TaskImpl from = runningTask;
        if (from.dropped || debugLog != null) {
            return null;
        }
        TaskImpl next = runnable.peekForHandOff();
        ParkingStrand strand = next == null ? null : next.parkingStrand();
        if (strand == null || next.state == TaskState.DONE || (next.removed && !next.started)) {
            return null;
        }
        runnable.takePeeked();
        endRun(from, false);
        stepRuns++;
        beginRun(next);
        next.beginChainedRun();
        return strand;
    }

    private void complete(TaskImpl task) {
        detach(task); // a task that failed while registering a wait must not stay counted
        if (task.dropped) {
            sockets().leaveTurnsOf(task); // its code, and so the finally that leaves them, never runs again
        }
        task.state = TaskState.DONE;
        live.remove(task);
        task.cancelUserTimeout();
        task.cancelIoTimeout();
        task.userCallback = null;
        Throwable failure = task.failure;
        if (Flight.on()) {
            FlightEvents.lifecycle(name, task.name(), task.dropped ? "dropped"
                    : failure != null ? "failed" : task.removed ? "removed" : "end");
        }
        if (failure != null) {
            task.failure = null;
            report(task.errorHandler(), failure, task);
        }
        if (task.autoclose && task.socket() instanceof SocketBase socket) {
            socket.close();
        }
        for (Runnable action : task.takeDoneActions()) {
            runDoneAction(task, action);
        }
    }

    void runDoneAction(TaskImpl task, Runnable action) {
        try {
            action.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "an action run at the end of task '" + task.name() + "' failed", e);
        }
    }

    private void wakeSleeper(TaskImpl task) {
        stepTimers++;
        makeRunnable(task);
    }

    private void fire(TimerWheel.Node node) {
        stepTimers++;
        TaskImpl task = node.task;
        if (!node.user) {
            if (task.state == TaskState.READING || task.state == TaskState.WRITING
                    || task.state == TaskState.SUSPENDED) {
                if (Flight.on()) {
                    FlightEvents.timedOut(name, task.name(),
                            task.state == TaskState.SUSPENDED || task.waitSocket == null ? null : task.waitSocket.name(),
                            task.state == TaskState.READING ? "read" : task.state == TaskState.WRITING ? "write" : "wake-up");
                }
                detach(task);
                task.wakeReason = WakeReason.TIMEOUT;
                makeRunnable(task);
            }
            return;
        }
        TimeoutCallback callback = task.userCallback;
        task.userCallback = null;
        if (callback == null) {
            return;
        }
        try {
            callback.onTimeout(task);
        } catch (Throwable e) {
            report(defaultErrorHandler(), e, task); // as Copas: timeout callbacks fail to the default handler
        }
    }

    private void report(ErrorHandler handler, Throwable error, TaskImpl task) {
        try {
            handler.handle(error, task, task.socket());
        } catch (Throwable handlerFailure) {
            LOG.log(System.Logger.Level.ERROR, "error handler failed with " + handlerFailure
                    + " while handling: " + Tracebacks.format(error, task, task.socket()), handlerFailure);
        }
    }

    @Override
    public boolean finished() {
        return callInLoop(this::finishedInLoop);
    }

    private boolean finishedInLoop() {
        return readers == 0 && writers == 0 && sockets.tcpServers() == 0 && runnable.isEmpty() && sleepers.size() == 0
                && !ownership.hasRequests() && !(wheel.size() > 0 && suspended > 0);
    }

    @Override
    public boolean running() {
        return running;
    }

    /** The loop has ended for good (the shutdown ran): {@link #running()} is false from now on. */
    void loopEnded() {
        running = false;
    }

    // ================================================================ exit and shutdown

    @Override
    public void exit() {
        shutdown.exit();
    }

    @Override
    public boolean exiting() {
        return shutdown.exiting();
    }

    @Override
    public void waitForExit() {
        shutdown.waitForExit(requireOwnTask("waitForExit()"));
    }

    @Override
    public void cancelAll() {
        runInLoop(shutdown::cancelAllInLoop);
    }

    @Override
    public void close() {
        shutdown.close();
    }

    /**
     * Asks a service loop to shut down after its current step, without waiting for it: a group
     * closing from one of its own loops must not wait for another loop that may be waiting for it.
     */
    void requestClose() {
        shutdown.requestClose();
    }

    /** Removes every live task (each is unwound in a later step); loop side. */
    void removeAllInLoop() {
        for (TaskImpl task : live.snapshot()) {
            removeInLoop(task);
        }
    }

    /** Whether tasks are ready or requests wait: the shutdown's grace lets them run; loop side. */
    boolean hasWorkNow() {
        return !runnable.isEmpty() || ownership.hasRequests();
    }

    /** Whether any task is still live; loop side. */
    boolean hasLiveTasks() {
        return !live.isEmpty();
    }

    /** A step that does not wait, as the shutdown runs them; loop side. */
    void stepNow() {
        step(Duration.ZERO, true);
    }

    /** Names the tasks that did not end when the shutdown gave up on them; loop side. */
    void warnOfTasksLeft() {
        if (!live.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "scheduler '" + name + "': " + live.size()
                    + " task(s) did not end on shutdown: " + live);
        }
    }

    /** Exit, close and the shutdown sequence (how this scheduler ends). */
    SchedulerShutdown ending() {
        return shutdown;
    }

    /** The thread of a started service loop, or {@code null}. */
    Thread serviceThread() {
        return serviceThread;
    }

    // ================================================================ time

    @Override
    public SchedulerClock clock() {
        return clock;
    }

    @Override
    public long runDue() {
        return due.runDue();
    }

    /**
     * Whether the last step did nothing but run {@code ownRuns} tasks (runDue()'s own, when it
     * runs in a task): no socket event, no due timer, nothing left ready, no request waiting.
     */
    boolean lastStepQuiet(int ownRuns) {
        return stepEvents == 0 && stepTimers == 0 && stepRuns == ownRuns && runnable.isEmpty()
                && !ownership.hasRequests();
    }

    /** The earliest deadline of a pause or an armed timeout, exact to the nanosecond; loop side. */
    long nextDeadline() {
        return Math.min(sleepers.nextWakeNanos(), wheel.earliestDeadlineNanos());
    }

    // ================================================================ status

    @Override
    public SchedulerStatus status() {
        return callInLoop(() -> snapshot(true));
    }

    @Override
    public SchedulerStatus status(boolean detailedStatistics) {
        return callInLoop(() -> {
            if (detailedStatistics && stats.enabled()) {
                return snapshot(true); // already on: as upstream, the window is reported and restarts
            }
            stats.enable(detailedStatistics);
            return snapshot(false);
        });
    }

    private SchedulerStatus snapshot(boolean withStatistics) {
        return new SchedulerStatus(running, readers + sockets.tcpServers(), writers, runnable.size(), sleepers.size(),
                suspended, wheel.size(), sockets.openSockets(), watch.reports(), withStatistics ? stats.takeWindow() : java.util.Optional.empty());
    }

    // ================================================================ errors

    @Override
    public ErrorHandler defaultErrorHandler() {
        return defaultHandler;
    }

    @Override
    public void setDefaultErrorHandler(ErrorHandler handler) {
        defaultHandler = handler == null ? Tracebacks.LOGGING_HANDLER : handler;
    }

    // ================================================================ debugging

    @Override
    public void startDebug(Consumer<String> logger, boolean core) {
        Objects.requireNonNull(logger, "logger");
        debugLog = new DebugLog(logger, core);
    }

    @Override
    public void stopDebug() {
        debugLog = null;
    }

    // ================================================================ sockets and servers

    /**
     * Sets the receive limit that TCP sockets wrapped or accepted from now on start with.
     *
     * @param limit the limit in bytes, at least 1
     * @see TcpSocket#setReceiveLimit(int)
     */
    public void setReceiveLimit(int limit) {
        receiveLimit = SocketArguments.checkReceiveLimit(limit);
    }

    /** The receive limit new TCP sockets start with. */
    int receiveLimit() {
        return receiveLimit;
    }

    @Override
    public TcpSocket wrap(SocketChannel channel) throws IOException {
        return sockets.wrap(channel);
    }

    @Override
    public TcpSocket tcp() throws IOException {
        return sockets.tcp();
    }

    @Override
    public UdpSocket wrap(DatagramChannel channel) throws IOException {
        return sockets.wrap(channel);
    }

    @Override
    public UdpSocket udp() throws IOException {
        return sockets.udp();
    }

    /** The sockets and servers of this scheduler. */
    SocketRegistry sockets() {
        return sockets;
    }

    @Override
    public Server addServer(ServerSocketChannel channel, ConnectionHandler handler) throws IOException {
        return addServer(channel, handler, null, null);
    }

    @Override
    public Server addServer(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name)
            throws IOException {
        return sockets.addServer(channel, handler, timeout, name, null);
    }

    @Override
    public Server addServer(DatagramChannel channel, DatagramHandler handler, Duration timeout, String name)
            throws IOException {
        return sockets.addServer(channel, handler, timeout, name);
    }

    @Override
    public boolean removeServer(Server server, boolean keepOpen) {
        return sockets.removeServer(server, keepOpen);
    }

    @Override
    public boolean autoclose() {
        return autoclose;
    }

    @Override
    public void setAutoclose(boolean autoclose) {
        this.autoclose = autoclose;
    }

    // ================================================================ watchdog

    /**
     * Turns the blocked-loop watchdog on ({@code threshold}) or off ({@code null}).
     *
     * @param threshold how long a task may hold the loop before it is reported, or {@code null}
     */
    public void setWatchdog(Duration threshold) {
        if (threshold != null && (threshold.isZero() || threshold.isNegative())) {
            throw new IllegalArgumentException("watchdog threshold must be > 0, was " + threshold);
        }
        watch.setThreshold(threshold);
        if (threshold != null && !shutdown.closed()) {
            Watchdog.watch(this);
        } else {
            Watchdog.unwatch(this);
        }
    }

    /**
     * Sets the watchdog from a textual setting, as the system property {@code io.copas.watchdog}
     * takes it (milliseconds, an ISO-8601 duration, or {@code off}).
     *
     * @param setting the setting
     */
    public void setWatchdog(String setting) {
        setWatchdog(Watchdog.parse(setting));
    }

    /**
     * The watchdog's threshold.
     *
     * @return the threshold, or {@code null} when it is off
     */
    public Duration watchdog() {
        return watch.threshold();
    }

    /** The loop's current thread (for stack samples of continuation tasks). */
    Thread loopThread() {
        return loopThread;
    }

    /** Sampler side: see {@link LoopWatch#check(long)}. */
    long watchdogCheck(long now) {
        return watch.check(now);
    }

    // ================================================================ protocol clients

    /**
     * Where this scheduler finds protocol clients (the DS component installs the OSGi registry).
     *
     * @param registry the registry
     */
    protected void useClients(ClientRegistry registry) {
        clientLookup.use(registry);
    }

    /**
     * Where this scheduler finds protocol clients.
     *
     * @return the registry
     */
    public ClientRegistry clients() {
        return clientLookup.registry();
    }

    @Override
    public <T> T client(String scheme, Class<T> type, Duration wait) {
        return clientLookup.client(scheme, type, wait);
    }

    @Override
    public String toString() {
        return "Scheduler[" + name + ", engine " + engine.name() + (running ? ", running" : "") + "]";
    }
}

package io.copas.core.internal.jfr;

/**
 * Emits Copas' JDK Flight Recorder events. Every event is disabled in JFR's default settings, so
 * a loop that is not recorded pays one {@code isEnabled()} check per hook. Only reached through
 * {@code io.copas.core.internal.Flight}, which first checks that the {@code jdk.jfr} module is
 * there: the signatures here use no JFR type so that callers link without it.
 */
public final class FlightEvents {

    private static final LoopStepEvent STEP = new LoopStepEvent();
    private static final TaskRunEvent RUN = new TaskRunEvent();
    private static final TaskLifecycleEvent LIFECYCLE = new TaskLifecycleEvent();
    private static final SocketTimeoutEvent TIMEOUT = new SocketTimeoutEvent();

    private FlightEvents() {
    }

    /**
     * Starts timing a loop step, if recorded.
     *
     * @return the event to pass to {@link #stepEnded}, or {@code null}
     */
    public static Object stepStarted() {
        if (!STEP.isEnabled()) {
            return null;
        }
        LoopStepEvent event = new LoopStepEvent();
        event.begin();
        return event;
    }

    /**
     * Ends a loop step.
     *
     * @param started      what {@link #stepStarted()} returned
     * @param scheduler    the scheduler's name
     * @param tasksRun     tasks resumed in the step
     * @param socketsReady socket events of the step
     */
    public static void stepEnded(Object started, String scheduler, int tasksRun, int socketsReady) {
        if (started instanceof LoopStepEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.scheduler = scheduler;
                event.tasksRun = tasksRun;
                event.socketsReady = socketsReady;
                event.commit();
            }
        }
    }

    /**
     * Starts timing one run of a task, if recorded.
     *
     * @return the event to pass to {@link #runEnded}, or {@code null}
     */
    public static Object runStarted() {
        if (!RUN.isEnabled()) {
            return null;
        }
        TaskRunEvent event = new TaskRunEvent();
        event.begin();
        return event;
    }

    /**
     * Ends one run of a task; committed when it took longer than the event's threshold.
     *
     * @param started   what {@link #runStarted()} returned
     * @param scheduler the scheduler's name
     * @param task      the task's name
     * @param ended     whether the task ended (rather than yielded)
     */
    public static void runEnded(Object started, String scheduler, String task, boolean ended) {
        if (started instanceof TaskRunEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.scheduler = scheduler;
                event.task = task;
                event.ended = ended;
                event.commit();
            }
        }
    }

    /**
     * Records a task's start or end.
     *
     * @param scheduler the scheduler's name
     * @param task      the task's name
     * @param phase     start, end, failed, removed or dropped
     */
    public static void lifecycle(String scheduler, String task, String phase) {
        if (LIFECYCLE.isEnabled()) {
            TaskLifecycleEvent event = new TaskLifecycleEvent();
            event.scheduler = scheduler;
            event.task = task;
            event.phase = phase;
            event.commit();
        }
    }

    /**
     * Records a wait that ended by its timeout.
     *
     * @param scheduler  the scheduler's name
     * @param task       the task's name
     * @param socket     the socket's name, or {@code null} for a timed suspend
     * @param waitingFor read, write or wake-up
     */
    public static void timedOut(String scheduler, String task, String socket, String waitingFor) {
        if (TIMEOUT.isEnabled()) {
            SocketTimeoutEvent event = new SocketTimeoutEvent();
            event.scheduler = scheduler;
            event.task = task;
            event.socket = socket;
            event.waitingFor = waitingFor;
            event.commit();
        }
    }
}

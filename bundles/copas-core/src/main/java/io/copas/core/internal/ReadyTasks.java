package io.copas.core.internal;

/**
 * The tasks ready to run and the order of a step over them (docs/decisions/0014).
 *
 * <p>Copas runs, in each step, every task made runnable before it, and nothing made runnable during
 * it. That holds here, with two refinements for the case where a step would take long (a mass start
 * of 100,000 tasks, say): a step runs ready tasks for at most {@link Fairness#STEP_BUDGET_NANOS},
 * and what it leaves runs first in the following steps, in its order, before anything made runnable
 * later; and tasks woken by a timer (a due pause, a timed-out wait) run at the start of the next
 * step, ahead of that backlog, so that a long backlog does not make every sleeper late by its
 * length. A step always runs at least one task, so the backlog drains.
 *
 * <p>Confined to the loop. No allocation per task: each queue is a ring.
 */
final class ReadyTasks {

    /** Runs one task; a field of the scheduler, so a step allocates nothing. */
    @FunctionalInterface
    interface Runner {
        /**
         * Resumes {@code task} until it yields or ends.
         *
         * @param task the task
         */
        void run(TaskImpl task);
    }

    /** How many tasks run between two looks at the clock (a clock read costs ~20 ns). The budget is
     * real time also under a virtual clock: it bounds how long the loop is held, not a deadline. */
    private static final int CLOCK_EVERY = 16;

    private RunQueue incoming = new RunQueue();
    private RunQueue batch = new RunQueue();
    private RunQueue timerWoken = new RunQueue();
    private RunQueue timerBatch = new RunQueue();
    private boolean timerPhase;
    // the drain under way, for hand-offs that take its next task without the loop
    private RunQueue draining;
    private int drained;
    private long drainStart;
    private long drainBudget;

    /**
     * Makes {@code task} ready: it runs in a later step (at the start of the next one while the
     * timers are being served, see {@link #servingTimers}).
     *
     * @param task the task
     */
    void add(TaskImpl task) {
        (timerPhase ? timerWoken : incoming).add(task);
    }

    /**
     * Marks the part of a step where due timers make tasks ready.
     *
     * @param serving whether timers are being served now
     */
    void servingTimers(boolean serving) {
        timerPhase = serving;
    }

    /** Whether no task is waiting to run (stale entries count until they are skipped). */
    boolean isEmpty() {
        return incoming.isEmpty() && batch.isEmpty() && timerWoken.isEmpty();
    }

    /** The number of entries waiting to run (stale entries count until they are skipped). */
    int size() {
        return incoming.size() + batch.size() + timerWoken.size();
    }

    /**
     * Runs one step's share of the ready tasks: the timer-woken ones, then the backlog of earlier
     * steps (or, when there is none, everything made ready before this step) until the budget is
     * spent. Tasks made ready meanwhile wait for a later step.
     *
     * @param runner       resumes a task
     * @param budgetNanos  how long the step may run tasks before it leaves the rest for later
     * @return how many tasks ran
     */
    int runStep(Runner runner, long budgetNanos) {
        long start = System.nanoTime();
        int ran = 0;
        if (!timerWoken.isEmpty()) {
            RunQueue woken = timerWoken;
            timerWoken = timerBatch;
            timerBatch = woken;
            ran += drain(woken, runner, start, Long.MAX_VALUE); // each timer fires once: no starvation
        }
        if (batch.isEmpty()) { // no backlog: this step's batch is what was made ready before it
            RunQueue ready = incoming;
            incoming = batch;
            batch = ready;
        }
        return ran + drain(batch, runner, start, budgetNanos);
    }

    private int drain(RunQueue queue, Runner runner, long start, long budgetNanos) {
        draining = queue;
        drained = 0;
        drainStart = start;
        drainBudget = budgetNanos;
        try {
            TaskImpl task;
            while (!spent() && (task = queue.poll()) != null) {
                drained++;
                runner.run(task); // may run more of this queue itself: see peekForHandOff
            }
            return drained;
        } finally {
            draining = null;
        }
    }

    /** Whether the drain under way spent its budget (looked at every {@link #CLOCK_EVERY} tasks). */
    private boolean spent() {
        return drained > 0 && drained % CLOCK_EVERY == 0 && System.nanoTime() - drainStart >= drainBudget;
    }

    /**
     * The task that the drain under way would run next, if it has budget left; left queued until
     * {@link #takePeeked()}. A task that yields hands the turn to it straight away, without the loop.
     *
     * @return the task, or {@code null} when no drain is under way, its budget is spent or it is empty
     */
    TaskImpl peekForHandOff() {
        return draining == null || spent() ? null : draining.peek();
    }

    /** Takes the task {@link #peekForHandOff()} returned: it runs now, as part of the drain. */
    void takePeeked() {
        draining.dropHead(); // peek() checked it is current
        drained++;
    }
}

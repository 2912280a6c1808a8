package io.copas.core.internal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * {@link io.copas.core.Scheduler#runDue()}: runs steps at the clock's current time until one does
 * nothing, for tests that move a virtual clock by hand. While it is at work ("settling"), the loop
 * polls the sockets on every step, so I/O is seen at each time of the clock.
 */
final class DueRunner {

    /** How many steps runDue() runs at most before it calls the scheduler busy. */
    private static final int DUE_STEPS_LIMIT = 1_000_000;

    private final SchedulerImpl scheduler;
    /** runDue() is at work; loop side. */
    private boolean settling;

    DueRunner(SchedulerImpl scheduler) {
        this.scheduler = scheduler;
    }

    /** Whether runDue() is at work: then every step polls the sockets; loop side. */
    boolean settling() {
        return settling;
    }

    /**
     * Runs what is due at the clock's current time.
     *
     * @return the clock time of the earliest pause or timeout still pending, or {@link Long#MAX_VALUE}
     */
    long runDue() {
        TaskImpl task = TaskImpl.current();
        if (task != null && task.scheduler == scheduler) {
            return runDueInTask(task);
        }
        scheduler.requireOutsideLoop("runDue()");
        SchedulerShutdown shutdown = scheduler.ending();
        if (shutdown.closed()) {
            return Long.MAX_VALUE;
        }
        if (scheduler.running()) { // a loop runs on another thread: it does the work in a task of its own
            try {
                return scheduler.submit(scheduler::runDue).join();
            } catch (CancellationException e) {
                return Long.MAX_VALUE; // shut down meanwhile: nothing is pending any more
            } catch (CompletionException e) {
                if (shutdown.closeRequested()) {
                    return Long.MAX_VALUE; // refused by a closing scheduler: nothing will be pending
                }
                throw e.getCause() instanceof RuntimeException cause ? cause : e; // the step bound, as in a task
            }
        }
        long[] next = {Long.MAX_VALUE};
        scheduler.engine.runLoop(scheduler.name() + "-due", () -> {
            scheduler.enterLoop("runDue()");
            settling = true;
            try {
                for (int steps = 0; steps == 0 || !scheduler.lastStepQuiet(0); steps++) {
                    checkDueSteps(steps);
                    scheduler.stepNow();
                    if (shutdown.closeRequested()) {
                        shutdown.shutdownInLoop();
                        return;
                    }
                }
                next[0] = scheduler.nextDeadline();
            } finally {
                settling = false;
                scheduler.leaveLoop();
            }
        });
        return next[0];
    }

    /**
     * runDue() in a task: it yields until it is resumed in a step that did nothing else: no
     * socket event, no due timer, no other task before or after it, nothing made ready. The
     * sockets were polled at the start of that step, after everything the previous step did.
     */
    private long runDueInTask(TaskImpl me) {
        boolean outer = !settling;
        settling = true;
        try {
            for (int steps = 0; ; steps++) {
                checkDueSteps(steps);
                me.pause(Duration.ZERO);
                if (scheduler.lastStepQuiet(1)) {
                    return scheduler.nextDeadline();
                }
            }
        } finally {
            if (outer) {
                settling = false;
            }
        }
    }

    private void checkDueSteps(int steps) {
        if (steps >= DUE_STEPS_LIMIT) {
            throw new IllegalStateException("scheduler '" + scheduler.name() + "': tasks were still ready after "
                    + DUE_STEPS_LIMIT + " steps at one time of the clock (a task that yields in an endless loop?)");
        }
    }
}

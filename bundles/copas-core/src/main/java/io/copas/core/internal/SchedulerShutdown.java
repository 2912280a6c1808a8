package io.copas.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a scheduler ends: the exit signal its tasks wait for ({@code copas.exit}), and the close
 * that removes every task and closes every socket. The flags are read by the loop on every step;
 * the sequence that ends it runs on the loop (or on the caller of close(), borrowing an idle
 * loop), never while another thread owns the loop state.
 */
final class SchedulerShutdown {

    private static final System.Logger LOG = SchedulerImpl.LOG;
    /** How long ready tasks may still run after exit is announced, before they are removed. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /** How much longer than the grace close() waits for a loop that is stuck in a task. */
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);
    /** Steps the removed tasks get to unwind (their finally blocks) before the loop gives up on them. */
    private static final int UNWIND_STEPS = 100;

    private final SchedulerImpl scheduler;
    private final List<TaskImpl> exitWaiters = new ArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean exiting;
    private volatile boolean closeRequested;
    private volatile boolean closed;
    /** The shutdown has removed every task: what is added now is ended at once; loop side. */
    private boolean draining;

    SchedulerShutdown(SchedulerImpl scheduler) {
        this.scheduler = scheduler;
    }

    // ---------------------------------------------------------------- exit

    /** Whether exit was announced (and not yet reset by a new loop). */
    boolean exiting() {
        return exiting;
    }

    /** Announces exit from any thread; the waiting tasks are woken on the loop. */
    void exit() {
        exiting = true;
        scheduler.runInLoop(this::exitInLoop);
    }

    /** Announces exit and wakes the tasks waiting for it; loop side. */
    void exitInLoop() {
        exiting = true;
        for (TaskImpl waiter : List.copyOf(exitWaiters)) {
            scheduler.wakeupInLoop(waiter);
        }
    }

    /** A new loop starts with no exit announced. */
    void clearExit() {
        exiting = false;
    }

    /** Suspends {@code task} until exit is announced. */
    void waitForExit(TaskImpl task) {
        if (exiting) {
            return;
        }
        exitWaiters.add(task);
        try {
            while (!exiting) {
                task.pauseForever();
            }
        } finally {
            exitWaiters.remove(task);
        }
    }

    /** Removes every task, closes every socket and server, and announces exit; loop side. */
    void cancelAllInLoop() {
        scheduler.removeAllInLoop();
        scheduler.sockets().closeAll();
        exitInLoop();
    }

    // ---------------------------------------------------------------- close

    /** Whether a close was asked for: the loop shuts down after its current step. */
    boolean closeRequested() {
        return closeRequested;
    }

    /** Whether the shutdown has run to its end. */
    boolean closed() {
        return closed;
    }

    /** Whether the shutdown has removed every task (new tasks end at once); loop side. */
    boolean draining() {
        return draining;
    }

    /**
     * Asks a service loop to shut down after its current step, without waiting for it: a group
     * closing from one of its own loops must not wait for another loop that may be waiting for it.
     */
    void requestClose() {
        closeRequested = true;
        scheduler.poller.wakeup();
    }

    /**
     * Closes the scheduler: from the loop or a task, asks for the shutdown after the current step;
     * from another thread, runs it on the idle loop, or waits for the running loop to run it.
     */
    void close() {
        LoopOwnership ownership = scheduler.ownership;
        if (ownership.borrowedByCurrentThread()) {
            // called from a request run on the idle loop (a whenDone action, say): no loop will
            // see the flag, so shut down here once this thread has let go of the loop state
            closeRequested = true;
            ownership.afterRelease(scheduler::close);
            return;
        }
        if (!closeRequested) {
            closeRequested = true;
            if (scheduler.inLoopContext()) {
                return; // the loop shuts down after the current step
            }
        }
        if (!scheduler.inLoopContext()) {
            awaitShutdown(ownership);
        }
    }

    /** Runs the shutdown on the idle loop, or waits for the running loop to run it; never inside the loop. */
    private void awaitShutdown(LoopOwnership ownership) {
        boolean interrupted = false;
        // Retry until the shutdown ran: the loop may be borrowed for a moment by another thread's
        // add/status/... (runInLoop), which does not shut down; a running loop does, after its step.
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos() + CLOSE_PATIENCE.toNanos();
        while (!terminated.isDone()) {
            if (System.nanoTime() - deadline > 0) {
                // a task holds the turn in a blocking JDK call: do not hang the caller (a DS
                // deactivation, say) for ever; the loop finishes the shutdown when it gets back
                LOG.log(System.Logger.Level.WARNING, "scheduler '" + scheduler.name() + "' did not shut down within "
                        + (SHUTDOWN_GRACE.plus(CLOSE_PATIENCE)).toSeconds()
                        + " s: a task holds the loop in a blocking call; it ends when that call returns");
                break;
            }
            if (!ownership.loopActive()) { // idle: run the shutdown here
                try {
                    scheduler.engine.runLoop(scheduler.name() + "-shutdown", () -> {
                        scheduler.enterLoop("close()");
                        try {
                            shutdownInLoop();
                        } finally {
                            scheduler.leaveLoop();
                        }
                    });
                } catch (IllegalStateException loopStarted) {
                    // a loop started meanwhile: it shuts down after its current step
                }
            } else {
                scheduler.poller.wakeup();
                try {
                    terminated.get(10, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // look again
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break; // never completed exceptionally
                }
            }
        }
        Thread service = scheduler.serviceThread();
        if (service != null && service != Thread.currentThread() && terminated.isDone()) {
            while (service.isAlive()) {
                try {
                    service.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends everything: announces exit and lets ready tasks react for a moment, then removes every
     * task, closes every server and socket, and unwinds the removed tasks; loop side.
     */
    void shutdownInLoop() {
        if (closed) {
            return;
        }
        closeRequested = true;
        exitInLoop();
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while (scheduler.hasWorkNow() && System.nanoTime() - deadline < 0) {
            scheduler.stepNow();
        }
        cancelAllInLoop();
        draining = true;
        for (int i = 0; i < UNWIND_STEPS && scheduler.hasLiveTasks(); i++) {
            scheduler.stepNow();
        }
        scheduler.warnOfTasksLeft();
        closed = true;
        Watchdog.unwatch(scheduler);
        scheduler.poller.close();
        scheduler.loopEnded(); // before close() returns: its caller must not see a running loop after it
        terminated.complete(null);
    }
}

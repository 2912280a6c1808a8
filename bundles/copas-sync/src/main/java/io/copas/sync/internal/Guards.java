package io.copas.sync.internal;

import io.copas.core.Copas;
import io.copas.core.ErrorHandler;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskRemovedError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Argument and calling-context checks shared by the primitives. */
public final class Guards {

    private static final System.Logger LOG = System.getLogger("io.copas.sync");

    /** Upstream's {@code math.huge}: wait without a timer. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private Guards() {
    }

    /**
     * The scheduler of the calling task (or loop), for factories called without one.
     *
     * @param operation the call, for the message
     * @return the scheduler
     * @throws IllegalStateException outside a task and outside a loop
     */
    public static Scheduler currentScheduler(String operation) {
        Scheduler scheduler = currentLoop();
        if (scheduler == null) {
            throw new IllegalStateException(operation
                    + " without a scheduler must be called from a Copas task; pass the scheduler instead");
        }
        return scheduler;
    }

    /**
     * Checks that the caller is a task of {@code scheduler}: the calls that may wait.
     *
     * @param scheduler the primitive's scheduler
     * @param operation the call, for the message
     * @return the calling task
     * @throws IllegalStateException elsewhere
     */
    public static Task requireTask(Scheduler scheduler, String operation) {
        Task task = Copas.currentTask().orElse(null);
        if (task == null || task.scheduler() != scheduler) {
            throw new IllegalStateException(operation + " must be called from a task of scheduler '"
                    + scheduler.name() + "'");
        }
        return task;
    }

    /**
     * Checks that the caller may touch state of {@code scheduler} without waiting: one of its
     * tasks, its loop thread (a timeout callback), or any thread while no loop runs (set-up).
     *
     * @param scheduler the primitive's scheduler
     * @param operation the call, for the message
     * @return the calling task, or {@code null} when not called from a task
     * @throws IllegalStateException elsewhere
     */
    public static Task requireLoop(Scheduler scheduler, String operation) {
        Optional<Task> task = Copas.currentTask();
        if (task.isPresent() && task.get().scheduler() == scheduler) {
            return task.get();
        }
        if (task.isEmpty()) {
            Scheduler loop = currentLoop();
            if (loop == scheduler || (loop == null && !scheduler.running())) {
                return null;
            }
        }
        throw new IllegalStateException(operation + " must be called from a task of scheduler '"
                + scheduler.name() + "', or while it does not run");
    }

    private static Scheduler currentLoop() {
        try {
            return Copas.scheduler();
        } catch (IllegalStateException outsideLoop) {
            return null;
        }
    }

    /**
     * Resolves a timeout argument.
     *
     * @param timeout      the argument; {@code null} means {@code defaultValue}
     * @param defaultValue the primitive's default
     * @param name         the argument's name, for the message
     * @return the timeout to use
     * @throws IllegalArgumentException if negative
     */
    public static Duration timeout(Duration timeout, Duration defaultValue, String name) {
        Duration value = timeout == null ? defaultValue : timeout;
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0 (or FOREVER), was " + value);
        }
        return value;
    }

    /**
     * Checks a non-negative amount.
     *
     * @param value the argument
     * @param name  its name, for the message
     * @return the value
     */
    public static int nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    /**
     * Whether a throwable must not be caught by a loop that survives its callbacks' failures:
     * the unwinding of a removed task, and a broken VM.
     *
     * @param error the throwable
     * @return {@code true} if it must be rethrown
     */
    public static boolean isFatal(Throwable error) {
        return error instanceof TaskRemovedError || error instanceof VirtualMachineError;
    }

    /**
     * Hands a callback's failure to an error handler, as the loop does for a failed task; a
     * handler that throws is logged.
     *
     * @param handler the handler
     * @param error   the failure
     * @param task    the task the callback ran in
     */
    public static void report(ErrorHandler handler, Throwable error, Task task) {
        Objects.requireNonNull(handler, "handler");
        try {
            handler.handle(error, task, task.socket());
        } catch (Throwable handlerFailure) {
            if (isFatal(handlerFailure)) {
                throw handlerFailure;
            }
            LOG.log(System.Logger.Level.ERROR, "error handler failed with " + handlerFailure
                    + " while handling: " + Copas.traceback(error, task, task.socket()), handlerFailure);
        }
    }
}

package io.copas.core;

import io.copas.core.internal.SchedulerImpl;
import io.copas.core.internal.TaskImpl;
import io.copas.core.internal.Tracebacks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The calls a task makes on its own scheduler, as Copas' module functions: {@code pause},
 * {@code pauseforever}, {@code wakeup}, {@code timeout}, {@code gettime}, the current task.
 *
 * <p>Except for {@link #time()}, {@link #traceback} and {@link #currentTask()}, each method
 * must be called from a task and throws {@link IllegalStateException} elsewhere.
 */
public final class Copas {

    private Copas() {
    }

    /**
     * The task running on this thread.
     *
     * @return the task
     * @throws IllegalStateException outside a task
     */
    public static Task current() {
        return TaskImpl.requireCurrent("Copas.current()");
    }

    /**
     * The task running on this thread, if any.
     *
     * @return the task, or empty outside a task
     */
    public static Optional<Task> currentTask() {
        return Optional.ofNullable(TaskImpl.current());
    }

    /**
     * The scheduler of the current task, or of the loop when called from a timeout callback.
     *
     * @return the scheduler
     * @throws IllegalStateException outside a task and outside the loop
     */
    public static Scheduler scheduler() {
        return SchedulerImpl.requireCurrent("Copas.scheduler()");
    }

    /**
     * Pauses the current task ({@code copas.pause}); zero or negative pauses until the next step.
     *
     * @param delay how long
     * @return the time actually paused
     */
    public static Duration pause(Duration delay) {
        return TaskImpl.requireCurrent("Copas.pause()").pause(delay);
    }

    /**
     * Yields until the next step ({@code copas.pause()}).
     *
     * @return the time actually paused
     */
    public static Duration pause() {
        return pause(Duration.ZERO);
    }

    /**
     * Pauses the current task until {@link #wakeup(Task)} ({@code copas.pauseforever}). A
     * suspended task does not keep the loop alive.
     *
     * @return the time actually paused
     */
    public static Duration pauseForever() {
        return TaskImpl.requireCurrent("Copas.pauseForever()").pauseForever();
    }

    /**
     * Suspends the current task until {@link #wakeup(Task)} or until {@code timeout} expires: the
     * building block of locks, semaphores and queues. Unlike {@link #pauseForever()} with
     * {@link #timeout}, it leaves the task's own {@code Copas.timeout} alone, and a suspended
     * task with a timeout keeps the loop alive.
     *
     * @param timeout how long at most; {@code null} or negative waits forever; zero returns
     *                {@code false} at once without yielding
     * @return {@code true} if woken up, {@code false} if the timeout expired
     */
    public static boolean suspend(Duration timeout) {
        return TaskImpl.requireCurrent("Copas.suspend()").suspend(timeout);
    }

    /**
     * Wakes up a sleeping or suspended task at once ({@code copas.wakeup}).
     *
     * @param task the task
     * @return {@code true} if it was sleeping or suspended
     */
    public static boolean wakeup(Task task) {
        return task.scheduler().wakeup(task);
    }

    /**
     * Sets a timeout on the current task ({@code copas.timeout}): after {@code delay}, unless
     * cancelled or replaced, {@code callback} runs on the loop with this task. A second call
     * replaces the first; a zero delay cancels it. It is cancelled when the task ends. A delay of
     * 73 years or more ({@code Long.MAX_VALUE / 4} nanoseconds) cancels too, as upstream's
     * {@code math.huge} does: such a timeout could never fire, and must not keep the loop alive.
     *
     * @param delay    when; zero cancels
     * @param callback what to run, not {@code null} unless {@code delay} is zero
     */
    public static void timeout(Duration delay, TimeoutCallback callback) {
        TaskImpl.requireCurrent("Copas.timeout()").setUserTimeout(delay, callback);
    }

    /**
     * Cancels the current task's timeout ({@code copas.timeout(0)}).
     */
    public static void cancelTimeout() {
        TaskImpl.requireCurrent("Copas.cancelTimeout()").setUserTimeout(Duration.ZERO, null);
    }

    /**
     * Whether the current task's scheduler is exiting ({@code copas.exiting}).
     *
     * @return {@code true} after exit
     */
    public static boolean exiting() {
        return SchedulerImpl.requireCurrent("Copas.exiting()").exiting();
    }

    /**
     * Blocks the current task until its scheduler exits ({@code copas.waitforexit}).
     */
    public static void waitForExit() {
        SchedulerImpl.requireCurrent("Copas.waitForExit()").waitForExit();
    }

    /**
     * Sets the current task's error handler ({@code copas.seterrorhandler(func)}); {@code null}
     * restores the default.
     *
     * @param handler the handler, or {@code null}
     */
    public static void setErrorHandler(ErrorHandler handler) {
        TaskImpl.requireCurrent("Copas.setErrorHandler()").setErrorHandler(handler);
    }

    /**
     * The time in fractional seconds since the epoch ({@code copas.gettime}).
     *
     * @return seconds since 1970-01-01T00:00Z
     */
    public static double time() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    /**
     * A traceback text for an error handler ({@code copas.gettraceback}): the message, the task's
     * and the socket's names, then the stack.
     *
     * @param error  the error
     * @param task   the task, or {@code null}
     * @param socket the socket, or {@code null}
     * @return the text
     */
    public static String traceback(Throwable error, Task task, CopasSocket socket) {
        return Tracebacks.format(error, task, socket);
    }
}

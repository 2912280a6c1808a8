package io.copas.sync;

import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskRemovedError;
import io.copas.sync.internal.Deadline;
import io.copas.sync.internal.Guards;
import io.copas.sync.internal.OwnerCompletedFuture;
import io.copas.sync.internal.WaitSet;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The result of a task ({@code copas.future}): {@link #add(Callable)} starts the task, and other
 * tasks {@link #get()} its value, waiting cooperatively. Named so as not to be mistaken for
 * {@link java.util.concurrent.Future}, whose {@code get} blocks a thread; code outside the loop
 * uses {@link #completionStage()} instead.
 *
 * <p>The task's exception is captured, not reported to an error handler (as upstream's
 * {@code pcall}). If the task is removed from its scheduler before it produced a result
 * ({@link Scheduler#remove}, {@link Scheduler#cancelAll()}, shutdown), the future counts as
 * cancelled.
 *
 * @param <T> the result type
 */
public final class CopasFuture<T> {

    /** Where a future is ({@code future.PENDING}, {@code future.SUCCESS}, {@code future.ERROR}). */
    public enum Status {
        /** The task has not completed yet ({@code future.PENDING}). */
        PENDING,
        /** The task returned a value ({@code future.SUCCESS}). */
        SUCCESS,
        /** The task threw, or the future was cancelled ({@code future.ERROR}). */
        ERROR
    }

    /**
     * A snapshot of a future ({@code future:try()} results).
     *
     * @param status where the future is
     * @param value  the task's value when {@link Status#SUCCESS}, else {@code null}
     * @param error  when {@link Status#ERROR}: the task's exception, or a
     *               {@link CancelledException}; else {@code null}
     * @param <T>    the result type
     */
    public record Outcome<T>(Status status, T value, Throwable error) {

        /**
         * Validates the combination.
         *
         * @param status where the future is
         * @param value  the value
         * @param error  the error
         */
        public Outcome {
            Objects.requireNonNull(status, "status");
            if ((status == Status.ERROR) != (error != null)) {
                throw new IllegalArgumentException("error must be given exactly for ERROR");
            }
        }

        /**
         * Whether the future was cancelled.
         *
         * @return {@code true} if {@link #error()} is a {@link CancelledException}
         */
        public boolean isCancelled() {
            return error instanceof CancelledException;
        }
    }

    private static final Outcome<?> PENDING = new Outcome<>(Status.PENDING, null, null);
    private static final String BY_REQUEST = "by request";
    private static final String REMOVED = "task removed from its scheduler";
    private static final String REMOVED_BEFORE_RUN = "task removed from its scheduler before it ran";

    private final Scheduler scheduler;
    private final WaitSet waiters;
    private final OwnerCompletedFuture<T> stage = new OwnerCompletedFuture<>();
    private final Task task;
    /** Whether the task's body began; loop only. */
    private boolean started;
    /** Written on the loop, read by {@link #tryGet()} from any thread. */
    private volatile Outcome<T> outcome;

    private CopasFuture(Scheduler scheduler, String name, Callable<? extends T> body) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(body, "body");
        this.waiters = new WaitSet(scheduler);
        this.task = scheduler.add(name, () -> run(body));
        // however the task ends: a task removed before its first step, or dropped after it
        // swallowed its removal, never settles in run()
        task.whenDone(() -> {
            if (outcome == null) { // most tasks settled in run(): no exception to build for them
                settle(cancelled(started ? REMOVED : REMOVED_BEFORE_RUN));
            }
        });
    }

    /**
     * Runs {@code body} as a new task of the calling task's scheduler
     * ({@code copas.future.addthread(fn)}); it starts in the next step.
     *
     * @param body the task's work
     * @param <T>  the result type
     * @return its future
     * @throws IllegalStateException outside a task
     */
    public static <T> CopasFuture<T> add(Callable<? extends T> body) {
        return add(null, body);
    }

    /**
     * Runs {@code body} as a new named task of the calling task's scheduler
     * ({@code copas.future.addnamedthread(name, fn)}).
     *
     * @param name the task's name, or {@code null} for a generated one
     * @param body the task's work
     * @param <T>  the result type
     * @return its future
     * @throws IllegalStateException outside a task
     */
    public static <T> CopasFuture<T> add(String name, Callable<? extends T> body) {
        return new CopasFuture<>(Guards.currentScheduler("CopasFuture.add()"), name, body);
    }

    /**
     * Runs {@code body} as a new named task of the given scheduler; callable from any thread.
     *
     * @param scheduler the scheduler
     * @param name      the task's name, or {@code null} for a generated one
     * @param body      the task's work
     * @param <T>       the result type
     * @return its future
     */
    public static <T> CopasFuture<T> add(Scheduler scheduler, String name, Callable<? extends T> body) {
        return new CopasFuture<>(scheduler, name, body);
    }

    private void run(Callable<? extends T> body) {
        started = true;
        try {
            T value = body.call();
            settle(new Outcome<>(Status.SUCCESS, value, null));
        } catch (TaskRemovedError removed) {
            settle(cancelled(REMOVED));
            throw removed;
        } catch (Throwable e) {
            settle(new Outcome<>(Status.ERROR, null, e));
        }
    }

    /**
     * Waits for the task's result ({@code future:get()}); returns at once once known, as often as
     * asked. Waits without a timer, so a waiter alone does not keep the loop alive.
     *
     * @return the task's value
     * @throws ExecutionException    if the task threw (its exception is the cause)
     * @throws CancelledException    if the future was cancelled or its task removed
     * @throws IllegalStateException if not called from a task of the future's scheduler, or
     *                               from the future's own task
     */
    public T get() throws ExecutionException, CancelledException {
        Task me = Guards.requireTask(scheduler, "CopasFuture.get()");
        if (me == task && outcome == null) {
            throw new IllegalStateException("a future's own task cannot wait for it");
        }
        waiters.await(me, () -> known() != null, new Deadline(scheduler.clock(), Guards.FOREVER));
        return unwrap(known());
    }

    /**
     * The state of the future, without waiting ({@code future:try()}); callable from any thread.
     *
     * @return the outcome: {@link Status#PENDING}, {@link Status#SUCCESS} with the value, or
     *         {@link Status#ERROR} with the task's exception or a {@link CancelledException}
     */
    @SuppressWarnings("unchecked")
    public Outcome<T> tryGet() {
        Outcome<T> known = outcome;
        if (known == null && task.isDone()) { // removed before it ran: see known()
            return cancelled(REMOVED_BEFORE_RUN);
        }
        return known != null ? known : (Outcome<T>) PENDING;
    }

    /**
     * The status, without waiting; callable from any thread.
     *
     * @return the status
     */
    public Status status() {
        return tryGet().status();
    }

    /**
     * Cancels the task if it has not completed ({@code future:cancel()}): every task waiting in
     * {@link #get()} fails at once with a {@link CancelledException}, and the task is removed
     * from its scheduler (a task that has not started never runs).
     *
     * @return {@code true} if it was cancelled, {@code false} if it had already completed (or
     *         was cancelled before)
     * @throws IllegalStateException if called from elsewhere than the future's scheduler
     */
    public boolean cancel() {
        Guards.requireLoop(scheduler, "CopasFuture.cancel()");
        if (!settle(cancelled(BY_REQUEST))) {
            return false;
        }
        scheduler.remove(task);
        return true;
    }

    /**
     * A view of the result for code outside the loop; callable from any thread. It completes
     * with the value, exceptionally with the task's exception, or with a
     * {@link CancellationException} (its cause a {@link CancelledException}); the stage holds
     * these themselves, so {@code handle} and {@code exceptionally} on it receive them unwrapped
     * and {@code toCompletableFuture().isCancelled()} is true for a cancellation (stages chained
     * further see a {@link java.util.concurrent.CompletionException} around them, as the JDK
     * does). Dependent actions added with the non-async methods may run on the scheduler's loop:
     * use the {@code *Async} variants for anything that blocks.
     *
     * @return the stage; completing or cancelling it from outside is refused
     *         ({@link UnsupportedOperationException}), while its {@code toCompletableFuture()} is
     *         a copy of the caller's own, which it may complete, cancel or time out
     */
    public CompletionStage<T> completionStage() {
        return stage;
    }

    /**
     * The future's task.
     *
     * @return the task
     */
    public Task task() {
        return task;
    }

    /**
     * Whether the future has an outcome (value, error or cancellation).
     *
     * @return {@code true} once done
     */
    public boolean isDone() {
        return tryGet().status() != Status.PENDING;
    }

    /**
     * Whether the future was cancelled (or its task removed before completing).
     *
     * @return {@code true} if cancelled
     */
    public boolean isCancelled() {
        return tryGet().isCancelled();
    }

    /**
     * The scheduler the future's task runs on.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The outcome, treating a task that ended without settling (removed before it ran) as cancelled. */
    private Outcome<T> known() {
        if (outcome == null && task.isDone()) {
            settle(cancelled(REMOVED_BEFORE_RUN));
        }
        return outcome;
    }

    private boolean settle(Outcome<T> result) {
        if (outcome != null) {
            return false;
        }
        outcome = result;
        waiters.signalAll();
        switch (result.status()) {
            case SUCCESS -> stage.settle(result.value());
            case ERROR -> stage.fail(result.isCancelled()
                    ? (CancellationException) new CancellationException(result.error().getMessage()).initCause(result.error())
                    : result.error());
            case PENDING -> throw new IllegalArgumentException("not an outcome");
        }
        return true;
    }

    private Outcome<T> cancelled(String why) {
        return new Outcome<>(Status.ERROR, null, new CancelledException(why + " (task '" + task.name() + "')", Duration.ZERO));
    }

    private T unwrap(Outcome<T> result) throws ExecutionException, CancelledException {
        if (result.status() == Status.SUCCESS) {
            return result.value();
        }
        if (result.isCancelled()) { // a fresh exception, so that its stack shows this caller
            CancelledException cancelled = new CancelledException("future of task '" + task.name() + "'", Duration.ZERO);
            cancelled.initCause(result.error());
            throw cancelled;
        }
        throw new ExecutionException(result.error());
    }

    @Override
    public String toString() {
        return "CopasFuture[" + task.name() + ", " + tryGet().status() + "]";
    }
}

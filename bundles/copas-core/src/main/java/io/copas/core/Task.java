package io.copas.core;

import org.osgi.annotation.versioning.ProviderType;

/** A cooperative task of a {@link Scheduler} (a Copas thread). */
@ProviderType
public interface Task {

    /**
     * The task's name ({@code copas.getthreadname}).
     *
     * @return the name
     */
    String name();

    /**
     * Renames the task ({@code copas.setthreadname}).
     *
     * @param name the new name, not blank
     */
    void setName(String name);

    /**
     * The scheduler that runs the task.
     *
     * @return the scheduler
     */
    Scheduler scheduler();

    /**
     * Where the task is in its life; exact when read from the loop, a hint from other threads.
     *
     * @return the state
     */
    TaskState state();

    /**
     * Whether the task has ended.
     *
     * @return {@code true} once done
     */
    boolean isDone();

    /**
     * Runs {@code action} on the loop once the task has ended for whatever reason (returned,
     * failed, removed, scheduler shut down), or at once if it has already ended. For releasing
     * what the task held and completing futures; it must not block. Safe from any thread.
     *
     * @param action what to run
     */
    void whenDone(Runnable action);

    /**
     * The error handler in force for this task: its own, else the scheduler's default
     * ({@code copas.geterrorhandler}).
     *
     * @return the handler
     */
    ErrorHandler errorHandler();

    /**
     * Sets this task's own error handler; {@code null} restores the scheduler's default
     * ({@code copas.seterrorhandler}); safe from any thread.
     *
     * @param handler the handler, or {@code null}
     */
    void setErrorHandler(ErrorHandler handler);

    /**
     * The socket this task serves (an accepted connection), or {@code null}; passed to the
     * error handler.
     *
     * @return the socket
     */
    CopasSocket socket();
}

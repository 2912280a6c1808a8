package io.copas.core;

/**
 * Unwinds a task that was removed ({@link Scheduler#remove(Task)}, {@link Scheduler#cancelAll()},
 * scheduler shutdown): thrown from the call at which the task was waiting, so that its
 * {@code finally} blocks and try-with-resources run. Do not catch it, or rethrow it; it is never
 * reported to an error handler.
 */
public final class TaskRemovedError extends Error {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param taskName the removed task's name
     */
    public TaskRemovedError(String taskName) {
        super("task '" + taskName + "' was removed from its scheduler", null, false, false);
    }
}

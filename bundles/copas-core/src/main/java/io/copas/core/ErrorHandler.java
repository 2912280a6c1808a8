package io.copas.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the exception that ended a task (Copas' {@code errorhandler(err, co, skt)}).
 *
 * <p>A handler that throws is logged and otherwise ignored: the loop goes on.
 */
@ConsumerType
@FunctionalInterface
public interface ErrorHandler {

    /**
     * Handles a task's failure.
     *
     * @param error  what the task threw
     * @param task   the task that failed; for a {@link TimeoutCallback} that threw (reported to the
     *               default handler), the task whose timeout fired, which is still alive
     * @param socket the socket the task served (an accepted connection), or {@code null}
     */
    void handle(Throwable error, Task task, CopasSocket socket);
}

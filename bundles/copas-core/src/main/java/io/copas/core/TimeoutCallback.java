package io.copas.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Called when a timeout set with {@link Copas#timeout(java.time.Duration, TimeoutCallback)} expires.
 *
 * <p>It runs on the loop, between tasks, and must not block or pause; it typically wakes up or
 * removes the task. An exception goes to the scheduler's default error handler, as in Copas.
 */
@ConsumerType
@FunctionalInterface
public interface TimeoutCallback {

    /**
     * Reacts to the expiry.
     *
     * @param task the task that set the timeout
     * @throws Exception reported to the scheduler's default error handler (as Copas does)
     */
    void onTimeout(Task task) throws Exception;
}

package io.copas.core;

import org.osgi.annotation.versioning.ConsumerType;

/** The code of a task: runs inside the scheduler and may use every blocking-style Copas call. */
@ConsumerType
@FunctionalInterface
public interface TaskBody {

    /**
     * Runs the task. An exception ends the task and goes to its {@link ErrorHandler}.
     *
     * @throws Exception whatever the task's code throws
     */
    void run() throws Exception;
}

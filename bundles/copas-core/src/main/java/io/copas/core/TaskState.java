package io.copas.core;

/** Where a task is in its life. */
public enum TaskState {
    /** Ready to run in the next step (also a task added but not yet started). */
    RUNNABLE,
    /** Running now. */
    RUNNING,
    /** Paused for a delay ({@link Copas#pause(java.time.Duration)}). */
    SLEEPING,
    /** Paused until woken up ({@link Copas#pauseForever()}, waitForExit, sync waits). */
    SUSPENDED,
    /** Waiting for a socket to become readable. */
    READING,
    /** Waiting for a socket to become writable. */
    WRITING,
    /** Ended: returned, failed, or removed. */
    DONE
}

package io.copas.sync;

import java.time.Duration;

/** The queue is stopping and accepts no more items (upstream's {@code "stopping"}). */
public final class StoppedException extends SyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param context what failed, appended to {@code "stopping"}; may be {@code null}
     * @param waited  how long the caller waited, {@link Duration#ZERO} if it did not wait
     */
    public StoppedException(String context, Duration waited) {
        super(context == null ? "stopping" : "stopping: " + context, waited);
    }
}

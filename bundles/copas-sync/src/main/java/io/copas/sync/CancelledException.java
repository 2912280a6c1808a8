package io.copas.sync;

import java.time.Duration;

/** The future was cancelled, or its task removed, before it produced a result (upstream's {@code "cancelled"}). */
public final class CancelledException extends SyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param context what failed, appended to {@code "cancelled"}; may be {@code null}
     * @param waited  how long the caller waited, {@link Duration#ZERO} if it did not wait
     */
    public CancelledException(String context, Duration waited) {
        super(context == null ? "cancelled" : "cancelled: " + context, waited);
    }
}

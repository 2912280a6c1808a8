package io.copas.sync;

import java.time.Duration;

/** The wait timed out (upstream's {@code "timeout"}). */
public final class SyncTimeoutException extends SyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param context what failed, appended to {@code "timeout"}; may be {@code null}
     * @param waited  how long the caller waited, {@link Duration#ZERO} if it did not wait
     */
    public SyncTimeoutException(String context, Duration waited) {
        super(context == null ? "timeout" : "timeout: " + context, waited);
    }
}

package io.copas.sync;

import java.time.Duration;

/** More resources were asked for than a semaphore can ever hold (upstream's {@code "too many"}). */
public final class TooManyException extends SyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param context what failed, appended to {@code "too many"}; may be {@code null}
     * @param waited  how long the caller waited, {@link Duration#ZERO} if it did not wait
     */
    public TooManyException(String context, Duration waited) {
        super(context == null ? "too many" : "too many: " + context, waited);
    }
}

package io.copas.sync;

import java.time.Duration;

/** The primitive was destroyed, before or during the call (upstream's {@code "destroyed"}). */
public final class DestroyedException extends SyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param context what failed, appended to {@code "destroyed"}; may be {@code null}
     * @param waited  how long the caller waited, {@link Duration#ZERO} if it did not wait
     */
    public DestroyedException(String context, Duration waited) {
        super(context == null ? "destroyed" : "destroyed: " + context, waited);
    }
}

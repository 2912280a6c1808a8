package io.copas.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * A sync operation failed in an expected way: it timed out, the primitive was destroyed or
 * cancelled, too many resources were asked for, or a queue is stopping (upstream's
 * {@code nil, err} results).
 */
public class SyncException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How long the caller waited before the failure. */
    private final Duration waited;

    /**
     * Creates the exception.
     *
     * @param message what failed; starts with upstream's error string
     * @param waited  how long the caller waited, {@link Duration#ZERO} if it did not wait
     */
    protected SyncException(String message, Duration waited) {
        super(message);
        this.waited = Objects.requireNonNull(waited, "waited");
    }

    /**
     * How long the failed call waited (upstream's third result of {@code lock:get}).
     *
     * @return the time waited, zero if the call did not wait
     */
    public Duration waited() {
        return waited;
    }
}

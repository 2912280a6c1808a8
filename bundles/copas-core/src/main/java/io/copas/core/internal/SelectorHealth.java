package io.copas.core.internal;

/**
 * Watches the loop's selector for the two ways a JDK selector is known to go bad (Netty's event
 * loop guards against the same): it returns again and again before its timeout with nothing
 * selected and nobody waking it (the epoll spin bug, a lost interrupt), or it throws on every
 * call. Either way the loop would spin or stall; the cure is a new selector. Confined to the loop.
 */
final class SelectorHealth {

    /** Early empty returns in a row that call for a new selector (Netty's default threshold). */
    static final int EARLY_RETURNS_THRESHOLD = 512;
    /** Failed selects in a row that call for a new selector. */
    static final int FAILURES_THRESHOLD = 3;

    private int earlyReturns;
    private int failures;

    /**
     * Records a select that returned.
     *
     * @param events        keys selected
     * @param timeoutMillis the timeout asked for ({@code 0} = none)
     * @param elapsedNanos  how long it took
     * @param wokenUp       whether someone woke it on purpose
     * @return whether the selector should be rebuilt now
     */
    boolean afterSelect(int events, long timeoutMillis, long elapsedNanos, boolean wokenUp) {
        failures = 0;
        boolean early = events == 0 && !wokenUp
                && (timeoutMillis == 0 || elapsedNanos < timeoutMillis * 1_000_000L / 2);
        earlyReturns = early ? earlyReturns + 1 : 0;
        return earlyReturns >= EARLY_RETURNS_THRESHOLD;
    }

    /**
     * Records a select that threw.
     *
     * @return whether the selector should be rebuilt now
     */
    boolean afterFailure() {
        return ++failures >= FAILURES_THRESHOLD;
    }

    /** Starts counting afresh (after a rebuild). */
    void reset() {
        earlyReturns = 0;
        failures = 0;
    }
}

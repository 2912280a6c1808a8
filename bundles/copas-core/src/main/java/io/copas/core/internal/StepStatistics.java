package io.copas.core.internal;

import io.copas.core.Copas;
import io.copas.core.SchedulerStatus;
import java.util.Optional;

/**
 * Detailed statistics of the loop ({@code copas.status(true)}): execution time per step, without
 * the wait in select, over a window that each status call restarts.
 */
final class StepStatistics {

    private volatile boolean enabled;
    private double windowStart;
    private long steps;
    private long totalNanos;
    private long minNanos;
    private long maxNanos;
    private long minEverNanos = Long.MAX_VALUE;
    private long maxEverNanos;

    boolean enabled() {
        return enabled;
    }

    /** Turns collection on or off, restarting the window and the "ever" figures. */
    void enable(boolean on) {
        enabled = on;
        minEverNanos = Long.MAX_VALUE;
        maxEverNanos = 0;
        restart();
    }

    void record(long nanos) {
        steps++;
        totalNanos += nanos;
        minNanos = Math.min(minNanos, nanos);
        maxNanos = Math.max(maxNanos, nanos);
        minEverNanos = Math.min(minEverNanos, nanos);
        maxEverNanos = Math.max(maxEverNanos, nanos);
    }

    /** The window's figures (empty when disabled or no step ran), then a new window. */
    Optional<SchedulerStatus.Statistics> takeWindow() {
        if (!enabled || steps == 0) {
            return Optional.empty();
        }
        double now = Copas.time();
        SchedulerStatus.Statistics s = new SchedulerStatus.Statistics(windowStart, now,
                (now - windowStart) * 1000.0 / steps, steps, millis(totalNanos), millis(minNanos),
                millis(minEverNanos), millis(maxNanos), millis(maxEverNanos), millis(totalNanos) / steps);
        restart();
        return Optional.of(s);
    }

    private void restart() {
        windowStart = Copas.time();
        steps = 0;
        totalNanos = 0;
        minNanos = Long.MAX_VALUE;
        maxNanos = 0;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}

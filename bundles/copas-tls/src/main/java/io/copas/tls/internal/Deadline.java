package io.copas.tls.internal;

import io.copas.core.SchedulerClock;
import java.time.Duration;

/**
 * The end of a wait made of several waits (a handshake's steps, a task's waits in line woken by
 * every bit of progress on the socket): it bounds them all together, so neither a trickling peer
 * nor other tasks' progress can stretch it. Read on the scheduler's clock (a virtual one in tests).
 *
 * @param limit how long in all, {@code null} (or negative) for no limit
 * @param clock the scheduler's clock
 * @param start when it began, on {@code clock}
 */
record Deadline(Duration limit, SchedulerClock clock, long start) {

    /** Starts the clock now. */
    Deadline(Duration limit, SchedulerClock clock) {
        this(limit == null || limit.isNegative() ? null : limit, clock, clock.nanoTime());
    }

    /** What is left: zero once expired, {@code null} without a limit. */
    Duration remaining() {
        if (limit == null) {
            return null;
        }
        Duration left = limit.minusNanos(clock.nanoTime() - start);
        return left.isNegative() ? Duration.ZERO : left;
    }
}

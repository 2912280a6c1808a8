package io.copas.sync.internal;

import io.copas.core.SchedulerClock;
import java.time.Duration;

/** The end of a wait that may be resumed several times (stray wake-ups), on the scheduler's clock. */
public final class Deadline {

    private final SchedulerClock clock;
    private final long startNanos;
    private final long timeoutNanos;

    /**
     * Starts the clock.
     *
     * @param clock   the clock of the waiting task's scheduler (a virtual one in tests)
     * @param timeout how long, not negative; {@link Guards#FOREVER} for no limit
     */
    public Deadline(SchedulerClock clock, Duration timeout) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.timeoutNanos = timeout.equals(Guards.FOREVER) ? -1 : saturatedNanos(timeout);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * What is left, for {@code Copas.suspend}.
     *
     * @return the remaining time (zero when expired), or {@code null} for no limit
     */
    public Duration remaining() {
        if (timeoutNanos < 0) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, timeoutNanos - (clock.nanoTime() - startNanos)));
    }

    /**
     * The time since the start.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }
}

package io.copas.core;

import io.copas.core.internal.SystemClock;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a scheduler reads the time for everything it waits on: pauses, socket and
 * {@link Copas#suspend suspend} timeouts, {@link Copas#timeout user timeouts}, and the timeouts
 * and timers of the sync and TLS bundles. The loop reads it several times per step, so
 * {@link #nanoTime()} must be cheap and must not allocate.
 *
 * <p>The default is {@link #system()}. A test plugs in a <em>virtual</em> clock
 * ({@link Scheduler.Builder#clock(SchedulerClock)}) that only moves when the test moves it; the
 * loop then never waits real time for a deadline (it waits for socket events only, which stay
 * real), and the test lets the scheduler catch up with {@link Scheduler#runDue()} after each
 * move. The {@code io.copas.test} bundle holds such a clock and a JUnit 5 extension.
 */
@ConsumerType
public interface SchedulerClock {

    /**
     * The system's monotonic clock, {@link System#nanoTime()}.
     *
     * @return the clock every scheduler uses unless told otherwise
     */
    static SchedulerClock system() {
        return SystemClock.INSTANCE;
    }

    /**
     * The current time in nanoseconds, as {@link System#nanoTime()}: only differences between
     * two readings mean something. It never goes back.
     *
     * @return the time
     */
    long nanoTime();

    /**
     * Whether this clock is moved by hand rather than by the passing of time. The loop never
     * waits real time for a deadline of a virtual clock; a task due at a later time sleeps until
     * the clock is moved and {@link Scheduler#runDue()} runs.
     *
     * @return {@code false} for the system clock
     */
    default boolean isVirtual() {
        return false;
    }

    /**
     * Told by {@link Scheduler.Builder#build()} about each scheduler built on this clock, before
     * the scheduler runs anything; a virtual clock keeps them to run them when it moves. The
     * default does nothing.
     *
     * @param scheduler the new scheduler
     */
    default void attach(Scheduler scheduler) {
    }
}

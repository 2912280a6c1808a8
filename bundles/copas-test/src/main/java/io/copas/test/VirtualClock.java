package io.copas.test;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerClock;
import io.copas.core.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scheduler clock that moves only when the test moves it. Plug it into a scheduler with
 * {@code Scheduler.builder().clock(clock)}; pauses, socket and {@code suspend} timeouts,
 * {@code Copas.timeout} callbacks and the timeouts and timers of {@code io.copas.sync} and
 * {@code io.copas.tls} then follow it, and the loop never waits real time for them. Socket I/O
 * stays real: data that has arrived is seen before the clock moves on.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * Scheduler scheduler = Scheduler.builder().clock(clock).build();
 * scheduler.add(() -> Copas.pause(Duration.ofHours(1)));
 * clock.advance(Duration.ofHours(1)); // returns at once: the task has ended
 * }</pre>
 *
 * <p>Call {@link #advance(Duration)} and {@link #runUntilIdle()} from the test's thread (the
 * schedulers must not be running an embedded loop on another thread; a service scheduler that
 * runs on its own thread is fine), or from a task of the clock's one scheduler, which then waits
 * while time moves. One caller at a time.
 */
public final class VirtualClock implements SchedulerClock {

    /** How many timer times {@link #advance} and {@link #runUntilIdle()} visit at most. */
    public static final int DEFAULT_JUMP_LIMIT = 1_000_000;

    private final List<Scheduler> schedulers = new CopyOnWriteArrayList<>();
    private volatile long nanos;

    /** A clock at time zero. */
    public VirtualClock() {
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    /**
     * Always {@code true}: this clock moves only by {@link #advance} and {@link #runUntilIdle()}.
     *
     * @return {@code true}
     */
    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public void attach(Scheduler scheduler) {
        schedulers.add(Objects.requireNonNull(scheduler, "scheduler"));
    }

    /**
     * The virtual time since this clock was made.
     *
     * @return the time moved so far
     */
    public Duration now() {
        return Duration.ofNanos(nanos);
    }

    /**
     * Moves the clock forward by {@code duration}, stopping at each pending pause or timeout on the
     * way, in order, to let the schedulers run what is due then (and whatever that sets off)
     * before going on. Ends with everything due at the new time run.
     *
     * @param duration how far, not negative; zero only runs what is due now
     * @return the new time, {@link #now()}
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws IllegalStateException    if the schedulers are still busy after
     *                                  {@link #DEFAULT_JUMP_LIMIT} stops, or if called from a task
     *                                  while the clock has several schedulers
     */
    public Duration advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, was " + duration);
        }
        long target = nanos + saturatedNanos(duration);
        for (int jumps = 0; ; jumps++) {
            long next = runDue();
            if (next == Long.MAX_VALUE || next - target > 0) {
                break;
            }
            checkJumps(jumps, DEFAULT_JUMP_LIMIT);
            moveTo(next);
        }
        moveTo(target);
        runDue();
        return now();
    }

    /**
     * Moves the clock from one pending pause or timeout to the next, running what is due at
     * each, until none is left (tasks waiting without a timeout, for a socket or a wake-up, do
     * not count). A recurring timer never lets this end: use {@link #advance(Duration)}.
     *
     * @return the new time, {@link #now()}
     * @throws IllegalStateException when timers are still pending after {@link #DEFAULT_JUMP_LIMIT} stops
     */
    public Duration runUntilIdle() {
        return runUntilIdle(DEFAULT_JUMP_LIMIT);
    }

    /**
     * {@link #runUntilIdle()} with a bound of its own.
     *
     * @param maxJumps how many timer times to visit at most
     * @return the new time, {@link #now()}
     * @throws IllegalStateException when timers are still pending after {@code maxJumps} stops
     */
    public Duration runUntilIdle(int maxJumps) {
        for (int jumps = 0; ; jumps++) {
            long next = runDue();
            if (next == Long.MAX_VALUE) {
                return now();
            }
            checkJumps(jumps, maxJumps);
            moveTo(next);
        }
    }

    private void moveTo(long time) {
        if (time - nanos > 0) {
            nanos = time;
        }
    }

    private static void checkJumps(int jumps, int limit) {
        if (jumps >= limit) {
            throw new IllegalStateException("timers still pending after " + limit
                    + " stops of the virtual clock (a recurring timer? use advance(duration))");
        }
    }

    /** Lets every scheduler catch up with the clock; returns the earliest deadline still pending. */
    private long runDue() {
        Optional<Task> me = Copas.currentTask();
        if (me.isPresent()) {
            Scheduler own = me.get().scheduler();
            if (!schedulers.contains(own) || schedulers.size() > 1) {
                throw new IllegalStateException("from a task, a virtual clock moves only when it has exactly one scheduler,"
                        + " the task's; it has " + schedulers.size() + ": move it from the test's thread");
            }
            return own.runDue();
        }
        long next = Long.MAX_VALUE;
        for (Scheduler scheduler : schedulers) {
            next = Math.min(next, scheduler.runDue());
        }
        return next;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now() + "]";
    }
}

package io.copas.core;

import java.util.Optional;

/**
 * A snapshot of a scheduler ({@code copas.status}).
 *
 * @param running    whether the loop is running
 * @param read       tasks waiting to read, servers included
 * @param write      tasks waiting to write
 * @param active     tasks ready to run
 * @param timer      tasks sleeping for a delay
 * @param inactive   tasks paused until woken up
 * @param timeout    armed timeouts (socket waits and {@link Copas#timeout})
 * @param sockets    open sockets of the scheduler, whether a task waits on them or not: a count
 *                   that only grows points at sockets that tasks forget to close (Java addition)
 * @param stalls     reports of the blocked-loop watchdog so far: a task that held the loop, or a
 *                   step that took longer than the threshold (Java addition; 0 when it is off)
 * @param statistics the detailed statistics, when enabled
 */
public record SchedulerStatus(boolean running, int read, int write, int active, int timer, int inactive,
        int timeout, int sockets, long stalls, Optional<Statistics> statistics) {

    /**
     * Detailed loop statistics over the window since the previous status call; durations are
     * the time spent running tasks and timers in a step, excluding the wait in select.
     *
     * @param timeStart           window start, seconds since the epoch
     * @param timeEnd             window end (now), seconds since the epoch
     * @param timeAvgMillis       wall time per step in the window
     * @param steps               steps in the window
     * @param durationTotalMillis total execution time in the window
     * @param durationMinMillis   shortest step in the window
     * @param durationMinEverMillis shortest step ever
     * @param durationMaxMillis   longest step in the window
     * @param durationMaxEverMillis longest step ever
     * @param durationAvgMillis   average execution time per step in the window
     */
    public record Statistics(double timeStart, double timeEnd, double timeAvgMillis, long steps,
            double durationTotalMillis, double durationMinMillis, double durationMinEverMillis,
            double durationMaxMillis, double durationMaxEverMillis, double durationAvgMillis) {
    }
}

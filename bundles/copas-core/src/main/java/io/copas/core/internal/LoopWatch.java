package io.copas.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One scheduler's side of the blocked-loop {@link Watchdog}: the loop notes which task runs since
 * when (only while a threshold is set), the sampling thread reads it and reports a task that holds
 * the loop too long, again after twice as long, and so on; the loop itself reports a step that took
 * too long in total.
 */
final class LoopWatch {

    private final String schedulerName;
    private volatile Duration threshold;
    private volatile TaskImpl runningTask;
    private volatile long runStartNanos;
    private final AtomicLong reports = new AtomicLong();
    /** Sampler side: the run last reported and when to report it again. */
    private long reportedRunStart;
    private long nextReportAfterNanos;

    LoopWatch(String schedulerName) {
        this.schedulerName = schedulerName;
    }

    Duration threshold() {
        return threshold;
    }

    void setThreshold(Duration threshold) {
        this.threshold = threshold;
    }

    long reports() {
        return reports.get();
    }

    /** Loop side: {@code task} is about to run; returns whether it is watched. */
    boolean runStarting(TaskImpl task) {
        if (threshold == null) {
            return false;
        }
        runStartNanos = System.nanoTime();
        runningTask = task;
        return true;
    }

    /** Loop side: the watched run ended. */
    void runEnded() {
        runningTask = null;
    }

    /** Loop side: a step took {@code tookNanos} running {@code ran} tasks. */
    void stepEnded(long tookNanos, int ran) {
        Duration limit = threshold;
        if (limit != null && tookNanos > limit.toNanos()) {
            reports.incrementAndGet();
            SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "scheduler '" + schedulerName + "': a loop step took "
                    + tookNanos / 1_000_000 + " ms running " + ran + " task(s) (watchdog threshold "
                    + limit.toMillis() + " ms): other sockets and timers waited that long");
        }
    }

    /**
     * Sampler side: reports the running task when it has held the loop past the threshold.
     *
     * @param now the sampler's clock
     * @return how soon the sampler should look again
     */
    long check(long now) {
        Duration limit = threshold;
        if (limit == null) {
            return Long.MAX_VALUE;
        }
        long thresholdNanos = TaskImpl.saturatedNanos(limit);
        TaskImpl task = runningTask;
        long since = runStartNanos;
        if (task != null) {
            if (since != reportedRunStart) {
                reportedRunStart = since;
                nextReportAfterNanos = thresholdNanos;
            }
            long held = now - since;
            if (held >= nextReportAfterNanos && runningTask == task) {
                nextReportAfterNanos = nextReportAfterNanos > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : nextReportAfterNanos * 2;
                reports.incrementAndGet();
                SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "scheduler '" + schedulerName + "': task '"
                        + task.name() + "' has held the loop for " + held / 1_000_000
                        + " ms without yielding (watchdog threshold " + limit.toMillis()
                        + " ms); every other task waits. Its stack now:" + Watchdog.stackOf(task.thread()));
            }
        }
        return thresholdNanos / 4;
    }
}

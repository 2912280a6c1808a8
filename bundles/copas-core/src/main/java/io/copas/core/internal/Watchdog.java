package io.copas.core.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Reports a task that holds its scheduler's loop for longer than the scheduler's threshold (it
 * computes, or blocks in a JDK call, without yielding): one log record with the task's name, how
 * long, and its stack at that moment, taken from this sampling thread (the task is never
 * stopped), repeated with doubling back-off while the run lasts. One daemon thread for the whole
 * JVM samples every watched scheduler; it exists only while some scheduler is watched.
 */
final class Watchdog {

    /** The system property that turns the watchdog on for schedulers built without an explicit setting. */
    static final String PROPERTY = "io.copas.watchdog";

    private static final long MIN_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Set<SchedulerImpl> WATCHED = ConcurrentHashMap.newKeySet();
    private static final AtomicReference<Thread> SAMPLER = new AtomicReference<>();

    private Watchdog() {
    }

    /**
     * The threshold from the system property {@value #PROPERTY}: milliseconds, or an ISO-8601
     * duration ({@code PT2S}); absent, {@code 0} or {@code off} means no watchdog.
     *
     * @return the threshold, or {@code null}
     */
    static Duration fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * A threshold setting: milliseconds, or an ISO-8601 duration ({@code PT2S}); {@code null},
     * blank, {@code 0} or {@code off} means no watchdog; anything else is logged and ignored.
     *
     * @param setting the setting
     * @return the threshold, or {@code null}
     */
    static Duration parse(String setting) {
        String value = setting == null ? "" : setting.trim();
        if (value.isEmpty() || value.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            Duration threshold = value.startsWith("P") || value.startsWith("p")
                    ? Duration.parse(value) : Duration.ofMillis(Long.parseLong(value));
            return threshold.isZero() || threshold.isNegative() ? null : threshold;
        } catch (RuntimeException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "ignoring " + PROPERTY + "=" + value
                    + ": milliseconds or an ISO-8601 duration expected");
            return null;
        }
    }

    static void watch(SchedulerImpl scheduler) {
        WATCHED.add(scheduler);
        if (SAMPLER.get() == null) {
            Thread thread = Thread.ofPlatform().daemon().name("copas-watchdog").unstarted(Watchdog::sample);
            if (SAMPLER.compareAndSet(null, thread)) {
                thread.start();
            }
        }
    }

    static void unwatch(SchedulerImpl scheduler) {
        WATCHED.remove(scheduler);
    }

    private static void sample() {
        while (true) {
            if (WATCHED.isEmpty()) {
                SAMPLER.set(null);
                // a scheduler watched just now either saw no sampler and started one, or we go on
                if (WATCHED.isEmpty() || !SAMPLER.compareAndSet(null, Thread.currentThread())) {
                    return;
                }
            }
            long period = MAX_SAMPLE_NANOS;
            long now = System.nanoTime();
            for (SchedulerImpl scheduler : WATCHED) {
                try {
                    period = Math.min(period, scheduler.watchdogCheck(now));
                } catch (RuntimeException e) {
                    SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "watchdog check failed", e);
                }
            }
            LockSupport.parkNanos(Math.max(MIN_SAMPLE_NANOS, period));
        }
    }

    /**
     * The stack of a thread as log text, innermost frame first.
     *
     * @param thread the thread
     * @return the frames, one per line
     */
    static String stackOf(Thread thread) {
        if (thread == null) {
            return "    (no thread to sample)";
        }
        StringBuilder out = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            out.append("\n    at ").append(frame);
        }
        return out.isEmpty() ? "\n    (no frames: the task is between two runs)" : out.toString();
    }
}

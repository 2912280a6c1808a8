package io.copas.core.internal;

import io.copas.core.SchedulerClock;

/** {@link System#nanoTime()} as a {@link SchedulerClock}: the default of every scheduler. */
public enum SystemClock implements SchedulerClock {
    /** The one instance. */
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "system clock";
    }
}

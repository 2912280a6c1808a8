package io.copas.core.internal;

import java.util.function.Consumer;

/** The lines of {@code Scheduler.startDebug}: what the loop did with each task, and its steps. */
final class DebugLog {

    private final Consumer<String> logger;
    private final boolean core;

    DebugLog(Consumer<String> logger, boolean core) {
        this.logger = logger;
        this.core = core;
    }

    void step(long waitNanos, int events, int ready) {
        if (core) {
            String wait = waitNanos == Long.MAX_VALUE ? "until an event" : (waitNanos / 1000) + " us at most";
            log("step: waited " + wait + ", " + events + " socket event(s), " + ready + " task(s) ready");
        }
    }

    void resuming(TaskImpl task) {
        log("resume '" + task.name() + "'" + (task.removed ? " (removed: unwinding)" : ""));
    }

    void resumed(TaskImpl task, boolean ended) {
        if (ended) {
            log("'" + task.name() + "' ended" + (task.failure != null ? " with " + task.failure : ""));
        } else {
            String where = task.waitSocket != null ? " on socket '" + task.waitSocket.name() + "'" : "";
            log("'" + task.name() + "' yielded: " + task.state + where);
        }
    }

    private void log(String line) {
        try {
            logger.accept(line);
        } catch (RuntimeException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "debug logger failed", e);
        }
    }
}

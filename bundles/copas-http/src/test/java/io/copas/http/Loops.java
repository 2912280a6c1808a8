package io.copas.http;

import io.copas.core.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs client code in a task of a fresh scheduler and hands back its result or failure. */
final class Loops {

    private Loops() {
    }

    /** Runs {@code body} as the only task of a new scheduler; rethrows what it threw. */
    static <T> T run(Callable<T> body) throws Exception {
        List<T> result = new ArrayList<>(1);
        List<Exception> failure = new ArrayList<>(1);
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.setDefaultErrorHandler((error, task, socket) -> failure.add(new Exception("task failed", error)));
            scheduler.loop(() -> {
                try {
                    result.add(body.call());
                } catch (Exception e) {
                    failure.add(e);
                }
            });
            if (!scheduler.tasks().isEmpty()) {
                throw new AssertionError("tasks left: " + scheduler.tasks());
            }
        }
        if (!failure.isEmpty()) {
            throw failure.get(0);
        }
        return result.get(0);
    }

    /** Runs {@code body} and expects it to fail; returns the failure. */
    static Exception failure(Callable<?> body) {
        try {
            Object r = run(body);
            throw new AssertionError("expected a failure, got " + r);
        } catch (Exception e) {
            return e;
        }
    }
}

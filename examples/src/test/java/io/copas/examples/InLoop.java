package io.copas.examples;

import io.copas.core.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Runs a test's body as a task and hands its result or failure back to the test. */
final class InLoop {

    private InLoop() {
    }

    /**
     * Runs {@code body} as a task of {@code scheduler}'s loop on this thread; when it ends, the rest
     * (servers, handlers) is cancelled so the loop returns, and the scheduler is closed.
     */
    static <T> T run(Scheduler scheduler, Callable<T> body) throws Exception {
        try (scheduler) {
            CompletableFuture<T> result = scheduler.submit(body);
            result.whenComplete((value, error) -> scheduler.cancelAll());
            scheduler.loop();
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}

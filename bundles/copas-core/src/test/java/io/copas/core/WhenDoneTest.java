package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Task.whenDone runs once a task ended for any reason; submit's future never waits forever. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WhenDoneTest {

    @Test
    void actionsRunWhenTheTaskReturnsFailsOrIsRemoved() {
        Scheduler scheduler = Scheduler.create();
        scheduler.setDefaultErrorHandler((error, task, socket) -> { });
        List<String> done = new ArrayList<>();
        Task returns = scheduler.add("returns", () -> { });
        Task fails = scheduler.add("fails", () -> {
            throw new IllegalStateException("boom");
        });
        Task removed = scheduler.add("removed", Copas::pauseForever);
        Task neverStarted = scheduler.add("never-started", () -> done.add("body ran"));
        for (Task t : List.of(returns, fails, removed, neverStarted)) {
            t.whenDone(() -> done.add(t.name()));
        }
        scheduler.remove(neverStarted);
        scheduler.add(() -> {
            Copas.pause();
            scheduler.remove(removed);
        });
        scheduler.loop();
        assertTrue(done.containsAll(List.of("returns", "fails", "removed", "never-started")), done::toString);
        assertTrue(!done.contains("body ran"), "a task removed before it started never runs");

        List<String> late = new ArrayList<>();
        returns.whenDone(() -> late.add("at once"));
        assertEquals(List.of("at once"), late, "an ended task runs the action at once");
        scheduler.close();
    }

    @Test
    void submitOfATaskRemovedBeforeItStartsCompletesWithCancellation() throws Exception {
        Scheduler scheduler = Scheduler.create();
        CompletableFuture<String> result = scheduler.submit(() -> "never");
        scheduler.tasks().forEach(scheduler::remove);
        scheduler.loop();
        assertThrows(CancellationException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(result.isCancelled());
        scheduler.close();
    }

    @Test
    void submitFailureGoesToTheFutureNotToTheErrorHandler() throws Exception {
        Scheduler scheduler = Scheduler.create();
        List<Throwable> reported = new ArrayList<>();
        scheduler.setDefaultErrorHandler((error, task, socket) -> reported.add(error));
        CompletableFuture<String> result = scheduler.submit(() -> {
            throw new java.io.IOException("nope");
        });
        scheduler.loop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertEquals("nope", e.getCause().getMessage());
        assertEquals(List.of(), reported);
        scheduler.close();
    }

    @Test
    void anErrorInAWhenDoneActionDoesNotKillTheLoopOrOtherActions() throws Exception {
        Scheduler scheduler = Scheduler.create();
        Task task = scheduler.add(() -> Copas.pause(java.time.Duration.ofMillis(5)));
        List<String> later = new ArrayList<>();
        task.whenDone(() -> {
            throw new AssertionError("broken action");
        });
        task.whenDone(() -> later.add("second action ran"));
        CompletableFuture<Integer> other = scheduler.submit(() -> 1);
        scheduler.loop();
        assertEquals(List.of("second action ran"), later);
        assertEquals(1, other.get(10, TimeUnit.SECONDS));
        scheduler.close();
    }
}

package io.copas.sync;

import static io.copas.sync.SyncTesting.ms;
import static io.copas.sync.SyncTesting.now;
import static io.copas.sync.SyncTesting.pauseUntil;
import static io.copas.sync.SyncTesting.runLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CopasFuture: upstream tests/future.lua, plus cancellation, removal and the outside view. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CopasFutureTest {

    @Test
    void getWaitsAndReturnsTheValue() {
        runLoop(() -> {
            CopasFuture<List<String>> f = CopasFuture.add(() -> {
                Copas.pause(ms(50));
                return List.of("hello", "world");
            });
            assertEquals(CopasFuture.Status.PENDING, f.status());
            assertEquals(List.of("hello", "world"), f.get());
            assertEquals(CopasFuture.Status.SUCCESS, f.status());
        });
    }

    @Test
    void getThrowsTheTaskError() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add(() -> {
                throw new IllegalStateException("boom");
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("boom", e.getCause().getMessage());
        }); // the error is captured: the harness sees no task failure
    }

    @Test
    void getIsIdempotent() {
        runLoop(() -> {
            CopasFuture<Integer> f = CopasFuture.add(() -> 42);
            assertEquals(42, f.get());
            assertEquals(42, f.get());
            CopasFuture<Object> none = CopasFuture.add(() -> null);
            assertNull(none.get());
            assertEquals(CopasFuture.Status.SUCCESS, none.status());
        });
    }

    @Test
    void manyWaitersAllReceiveTheResult() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add(() -> {
                Copas.pause(ms(100));
                return "shared";
            });
            List<String> results = new CopyOnWriteArrayList<>();
            List<Task> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiters.add(Copas.scheduler().add(() -> results.add(f.get())));
            }
            pauseUntil(() -> waiters.stream().allMatch(Task::isDone), 5_000);
            assertEquals(List.of("shared", "shared", "shared", "shared", "shared"), results);
        });
    }

    @Test
    void tryGetReportsPendingSuccessAndError() {
        runLoop(() -> {
            CopasFuture<String> slow = CopasFuture.add(() -> {
                Copas.pause(ms(100));
                return "done";
            });
            assertEquals(CopasFuture.Status.PENDING, slow.tryGet().status());
            assertFalse(slow.isDone());
            slow.get();

            CopasFuture<Integer> ok = CopasFuture.add(() -> 123);
            ok.get();
            CopasFuture.Outcome<Integer> success = ok.tryGet();
            assertEquals(CopasFuture.Status.SUCCESS, success.status());
            assertEquals(123, success.value());
            assertNull(success.error());

            CopasFuture<Integer> failing = CopasFuture.add(() -> {
                throw new Exception("oh no");
            });
            assertThrows(ExecutionException.class, failing::get);
            CopasFuture.Outcome<Integer> error = failing.tryGet();
            assertEquals(CopasFuture.Status.ERROR, error.status());
            assertEquals("oh no", error.error().getMessage());
            assertFalse(error.isCancelled());
        });
    }

    @Test
    void cancelPendingTaskNeverRunsItsBody() {
        runLoop(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            CopasFuture<String> f = CopasFuture.add(() -> {
                Copas.pause(ms(5_000));
                ran.set(true);
                return "should not reach";
            });
            assertTrue(f.cancel());
            CancelledException e = assertThrows(CancelledException.class, f::get);
            assertTrue(e.getMessage().startsWith("cancelled"), e.getMessage());
            CopasFuture.Outcome<String> outcome = f.tryGet();
            assertEquals(CopasFuture.Status.ERROR, outcome.status());
            assertInstanceOf(CancelledException.class, outcome.error());
            assertTrue(f.isCancelled());
            Copas.pause(ms(50));
            assertFalse(ran.get());
            assertTrue(f.task().isDone());
            assertFalse(f.cancel(), "cancelled already");
        });
    }

    @Test
    void cancelOfASleepingTaskReleasesEveryWaiterAtOnce() {
        runLoop(() -> {
            List<String> finallies = new CopyOnWriteArrayList<>();
            CopasFuture<String> f = CopasFuture.add("sleeper", () -> {
                try {
                    Copas.pause(ms(5_000));
                    return "late";
                } finally {
                    finallies.add("unwound");
                }
            });
            List<String> results = new CopyOnWriteArrayList<>();
            List<Task> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(Copas.scheduler().add(() -> {
                    try {
                        f.get();
                    } catch (CancelledException e) {
                        results.add("cancelled");
                    }
                }));
            }
            Copas.pause(ms(50));
            long start = now();
            assertTrue(f.cancel());
            pauseUntil(() -> waiters.stream().allMatch(Task::isDone), 5_000);
            assertTrue(SyncTesting.millisSince(start) < 1_000);
            assertEquals(List.of("cancelled", "cancelled", "cancelled"), results);
            pauseUntil(f.task()::isDone, 5_000);
            assertEquals(List.of("unwound"), finallies);
        });
    }

    @Test
    void cancelAfterCompletionReturnsFalse() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add(() -> "done");
            f.get();
            assertFalse(f.cancel());
            assertEquals("done", f.get());
        });
    }

    @Test
    void namedFuture() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add("test-task", () -> Copas.current().name());
            assertEquals("test-task", f.task().name());
            assertEquals("test-task", f.get());
        });
    }

    @Test
    void removedTaskCountsAsCancelled() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add(() -> {
                Copas.pause(ms(5_000));
                return "late";
            });
            AtomicReference<String> waiter = new AtomicReference<>();
            Copas.scheduler().add(() -> {
                try {
                    f.get();
                } catch (CancelledException e) {
                    waiter.set("cancelled");
                }
            });
            Copas.pause(ms(50));
            Copas.scheduler().remove(f.task());
            pauseUntil(() -> waiter.get() != null, 5_000);
            assertTrue(f.isCancelled());
            CompletableFuture<String> outside = f.completionStage().toCompletableFuture();
            assertTrue(outside.isCompletedExceptionally());
        });
    }

    @Test
    void taskRemovedBeforeItRanCountsAsCancelled() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add(() -> "never");
            Copas.scheduler().remove(f.task()); // before its first step
            Copas.pause(ms(20));
            assertTrue(f.task().isDone());
            assertEquals(CopasFuture.Status.ERROR, f.tryGet().status());
            assertThrows(CancelledException.class, f::get);
            assertTrue(f.isCancelled());
        });
    }

    @Test
    void aStrayWakeupOfAGetIsHarmless() {
        SyncTesting.runVirtual(() -> {
            CopasFuture<Integer> f = CopasFuture.add(() -> {
                Copas.pause(ms(100));
                return 1;
            });
            AtomicReference<Integer> got = new AtomicReference<>();
            Task getter = Copas.scheduler().add(() -> got.set(f.get()));
            Copas.pause(ms(10)); // virtual time: the getter waits
            assertTrue(Copas.wakeup(getter));
            Copas.pause(ms(10));
            assertNull(got.get(), "still waiting (upstream 4.11 fails with an index error)");
            pauseUntil(() -> got.get() != null, 5_000);
            assertEquals(1, got.get());
        });
    }

    @Test
    void aFutureWhoseTaskIsRemovedBeforeItRanWakesItsWaiterAndCompletesItsStage() {
        runLoop(() -> {
            CopasFuture<String> f = CopasFuture.add(() -> "never");
            Copas.scheduler().remove(f.task()); // before its first step
            assertThrows(CancelledException.class, f::get, "the waiter is woken");
            assertTrue(f.completionStage().toCompletableFuture().isCancelled(), "the stage is complete");
        });
    }

    @Test
    void aFutureRemovedFromOutsideTheLoopCompletesItsStageWhenEverItWasRemoved() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.start();
            for (int i = 0; i < 20; i++) {
                CopasFuture<Integer> f = CopasFuture.add(scheduler, "removed-" + i, () -> 3);
                scheduler.remove(f.task()); // before, during or after its first step
                CompletableFuture<Integer> outside = f.completionStage().toCompletableFuture();
                try {
                    assertEquals(3, outside.get(10, TimeUnit.SECONDS));
                } catch (CancellationException cancelled) {
                    assertTrue(f.isCancelled());
                }
            }
        }
    }

    @Test
    void aFutureWhoseTaskSwallowsItsRemovalIsCancelledWhenTheTaskIsDropped() {
        runLoop(() -> {
            AtomicBoolean waiting = new AtomicBoolean();
            CopasFuture<Integer> f = CopasFuture.add(() -> {
                waiting.set(true);
                try {
                    Copas.pause(ms(5_000));
                } catch (Throwable swallowed) {
                    Copas.pause(ms(10)); // waits again after its removal: dropped
                }
                return 1;
            });
            pauseUntil(waiting::get, 5_000);
            Copas.scheduler().remove(f.task());
            assertThrows(CancelledException.class, f::get, "the waiter is woken");
            assertTrue(f.completionStage().toCompletableFuture().isCancelled(), "the stage is complete");
        });
    }

    @Test
    void theCompletionStageHoldsTheFailureItselfSoACancellationShowsAsOne() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.start();
            CopasFuture<String> failing = CopasFuture.add(scheduler, null, () -> {
                throw new IllegalStateException("broken");
            });
            Throwable seen = failing.completionStage().handle((value, error) -> error).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, seen, "handle() gets the task's exception itself");

            CopasFuture<String> sleeper = CopasFuture.add(scheduler, "sleeper", () -> {
                Copas.pause(ms(10_000));
                return "late";
            });
            CompletableFuture<String> timedOut = sleeper.completionStage().toCompletableFuture().orTimeout(1, TimeUnit.MILLISECONDS);
            assertThrows(ExecutionException.class, () -> timedOut.get(10, TimeUnit.SECONDS), "a copy of the caller's own times out");
            assertEquals(CopasFuture.Status.PENDING, sleeper.status(), "the future itself goes on");
            CompletableFuture<String> stage = (CompletableFuture<String>) sleeper.completionStage();
            assertThrows(UnsupportedOperationException.class, () -> stage.cancel(true), "only the future completes it");
            assertThrows(UnsupportedOperationException.class, () -> stage.completeExceptionally(new Exception()));
            assertThrows(UnsupportedOperationException.class, () -> stage.orTimeout(1, TimeUnit.SECONDS));

            scheduler.remove(sleeper.task());
            CompletableFuture<String> outside = sleeper.completionStage().toCompletableFuture();
            assertThrows(CancellationException.class, () -> outside.get(10, TimeUnit.SECONDS));
            assertTrue(outside.isCancelled());
            assertTrue(stage.isCancelled());
            assertTrue(stage.thenApply(String::length).toCompletableFuture().isCompletedExceptionally(), "dependents are plain stages");
        }
    }

    @Test
    void completionStageServesCodeOutsideTheLoop() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.start(); // service mode: the loop runs on its own thread
            CopasFuture<String> ok = CopasFuture.add(scheduler, "outside-ok", () -> {
                Copas.pause(ms(50));
                return "value";
            });
            assertEquals("value", ok.completionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(CopasFuture.Status.SUCCESS, ok.tryGet().status(), "tryGet from any thread");

            CopasFuture<String> failing = CopasFuture.add(scheduler, null, () -> {
                throw new IllegalStateException("broken");
            });
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> failing.completionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals("broken", e.getCause().getMessage());

            CopasFuture<String> sleeper = CopasFuture.add(scheduler, "sleeper", () -> {
                Copas.pause(ms(10_000));
                return "late";
            });
            CopasFuture<Boolean> canceller = CopasFuture.add(scheduler, "canceller", () -> {
                Copas.pause(ms(50));
                return sleeper.cancel();
            });
            assertTrue(canceller.completionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            Throwable failure = sleeper.completionStage()
                    .handle((value, error) -> error)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertInstanceOf(CancellationException.class, failure);
            assertInstanceOf(CancelledException.class, failure.getCause());

            assertThrows(IllegalStateException.class, ok::get, "get() needs a task");
            assertThrows(UnsupportedOperationException.class,
                    () -> ((CompletableFuture<String>) ok.completionStage()).complete("x"), "read-only view");
        }
    }

    @Test
    void ownTaskCannotWaitForItself() {
        runLoop(() -> {
            AtomicReference<CopasFuture<String>> self = new AtomicReference<>();
            CopasFuture<String> f = CopasFuture.add(() -> {
                Copas.pause(ms(10));
                self.get().get();
                return "unreachable";
            });
            self.set(f);
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
        });
    }
}

package io.copas.sync;

import static io.copas.sync.SyncTesting.millisSince;
import static io.copas.sync.SyncTesting.ms;
import static io.copas.sync.SyncTesting.now;
import static io.copas.sync.SyncTesting.pauseUntil;
import static io.copas.sync.SyncTesting.runLoop;
import static io.copas.sync.SyncTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Queue: upstream tests/queue.lua, finish with workers, worker failures, and cancel/destroy interleavings. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {

    @Test
    void pushPopBlockingTimeoutSizeFifoAndNulls() {
        runVirtual(() -> {
            Queue<Object> q = Queue.create();
            q.push("hello");
            assertEquals("hello", q.pop());

            long start = now();
            Copas.scheduler().add(() -> {
                Copas.pause(ms(200));
                q.push("delayed");
            });
            assertEquals("delayed", q.pop());
            assertTrue(millisSince(start) >= 190, "the pop did not wait for the push");

            start = now();
            SyncTimeoutException timeout = assertThrows(SyncTimeoutException.class, () -> q.pop(ms(200)));
            assertTrue(millisSince(start) >= 190);
            assertTrue(timeout.getMessage().startsWith("timeout"), timeout.getMessage());

            assertEquals(0, q.size());
            q.push(1);
            assertEquals(1, q.size());
            q.push(2);
            assertEquals(2, q.size());
            q.push(3);
            assertEquals(3, q.size());
            assertEquals(1, q.pop());
            assertEquals(2, q.pop());
            assertEquals(3, q.pop());

            q.push(1);
            q.push(null);
            q.push(3);
            assertEquals(1, q.pop());
            assertNull(q.pop(), "a null item is an item, not an error");
            assertEquals(3, q.pop());
            assertEquals(0, q.size());
        });
    }

    @Test
    void popWithZeroTimeoutDoesNotYield() {
        runLoop(() -> {
            Queue<String> q = Queue.create("zero");
            SyncTesting.YieldDetector detector = new SyncTesting.YieldDetector();
            int ticks = detector.ticks();
            assertThrows(SyncTimeoutException.class, () -> q.pop(Duration.ZERO));
            q.push("x");
            assertEquals("x", q.pop(Duration.ZERO));
            assertEquals(ticks, detector.ticks());
            detector.stop();
        });
    }

    @Test
    void stopThenWorkerHandlesEverythingAndTheQueueDestroysItself() {
        runLoop(() -> {
            Queue<Integer> q = Queue.create();
            q.push(1);
            q.push(2);
            q.push(3);
            q.stop();
            assertTrue(q.isStopping());
            StoppedException stopped = assertThrows(StoppedException.class, () -> q.push(4));
            assertTrue(stopped.getMessage().startsWith("stopping"), stopped.getMessage());
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Task worker = q.addWorker(handled::add);
            Copas.pause(ms(100));
            assertEquals(List.of(1, 2, 3), handled);
            assertTrue(worker.isDone(), "the worker exits when the queue is destroyed");
            assertTrue(q.isDestroyed());
            assertThrows(DestroyedException.class, () -> q.push(5));
            assertThrows(DestroyedException.class, q::pop);
            assertThrows(DestroyedException.class, () -> q.addWorker(item -> { }));
            assertThrows(DestroyedException.class, q::stop);
            assertThrows(DestroyedException.class, q::finish);
            assertFalse(q.destroy());
            assertEquals(List.of(), q.workers());
        });
    }

    @Test
    void finishReturnsAfterTheLastItemWasHandledNotJustPopped() {
        AtomicInteger handled = new AtomicInteger();
        runVirtual(() -> {
            Queue<Integer> q = Queue.create();
            q.push(1);
            q.push(null);
            q.push(3);
            q.addWorker(item -> {
                Copas.pause(ms(100)); // handling takes a while, after the pop
                handled.incrementAndGet();
            });
            long start = now();
            q.finish(ms(5_000), false);
            assertEquals(3, handled.get(), "finish returned before the last item was handled");
            assertTrue(millisSince(start) >= 250);
            assertTrue(q.isDestroyed());
            assertEquals(List.of(), q.workers());
        });
        assertEquals(3, handled.get());
    }

    @Test
    void finishTimesOutAndDestroysUnlessToldNotTo() {
        runVirtual(() -> {
            Queue<Integer> q = Queue.create();
            q.push(1); // no worker: never handled
            long start = now();
            SyncTimeoutException timeout = assertThrows(SyncTimeoutException.class, () -> q.finish(ms(300), false));
            long took = millisSince(start);
            assertTrue(took >= 290 && took < 2_000, "expected a 300 ms timeout, took " + took);
            assertTrue(timeout.waited().toMillis() >= 290);
            assertTrue(q.isDestroyed(), "destroyed on timeout");

            Queue<Integer> kept = Queue.create();
            kept.push(1);
            assertThrows(SyncTimeoutException.class, () -> kept.finish(ms(100), true));
            assertFalse(kept.isDestroyed());
            assertTrue(kept.isStopping());
            assertEquals(1, kept.size());
            assertEquals(1, kept.pop());
            assertTrue(kept.isDestroyed(), "the last item of a stopping queue destroys it");
        });
    }

    @Test
    void finishWithZeroTimeoutOnAnEmptyQueueSucceeds() {
        runLoop(() -> {
            Queue<Integer> q = Queue.create();
            q.finish(Duration.ZERO, false);
            assertTrue(q.isDestroyed());
        });
    }

    @Test
    void stopWithIdleWorkersLetsTheLoopExit() {
        AtomicReference<Task> worker = new AtomicReference<>();
        long took = runLoop(() -> {
            Queue<Integer> q = Queue.create();
            worker.set(q.addWorker(item -> { }));
            Copas.pause(ms(100));
            q.stop();
        });
        assertTrue(took < 5_000);
        assertTrue(worker.get().isDone());
    }

    @Test
    void idleWorkersAloneDoNotKeepTheLoopAlive() {
        try (SyncTesting.Harness harness = new SyncTesting.Harness()) {
            AtomicReference<Task> worker = new AtomicReference<>();
            long took = harness.run(() -> worker.set(Queue.create().addWorker(item -> { })));
            assertTrue(took < 5_000, "idle workers kept the loop alive: " + took + " ms");
            assertFalse(worker.get().isDone(), "it still waits for items");
        }
    }

    @Test
    void workerFailureGoesToTheErrorHandlerAndTheWorkerGoesOn() {
        try (SyncTesting.Harness harness = new SyncTesting.Harness()) {
            List<String> reports = new CopyOnWriteArrayList<>();
            harness.scheduler.setDefaultErrorHandler((error, task, socket) ->
                    reports.add(task.name() + ": " + error.getMessage()));
            List<Integer> handled = new CopyOnWriteArrayList<>();
            harness.run(() -> {
                Queue<Integer> q = Queue.create("jobs");
                q.push(1);
                q.push(2);
                q.push(3);
                Task worker = q.addWorker(item -> {
                    if (item == 2) {
                        throw new IllegalStateException("bad item " + item);
                    }
                    handled.add(item);
                });
                q.finish(ms(5_000), false);
                assertTrue(worker.isDone());
            });
            assertEquals(List.of(1, 3), handled, "the worker survived item 2");
            assertEquals(List.of("jobs:worker_1: bad item 2"), reports);
        }
    }

    @Test
    void workerOwnErrorHandlerIsUsed() {
        runLoop(() -> {
            Queue<Integer> q = Queue.create("own");
            List<Throwable> own = new CopyOnWriteArrayList<>();
            Task worker = q.addWorker(item -> {
                Copas.current().setErrorHandler((error, task, socket) -> own.add(error));
                throw new Exception("item " + item);
            });
            q.push(7);
            q.push(8);
            Copas.pause(ms(50));
            assertEquals(2, own.size());
            assertEquals("item 8", own.get(1).getMessage());
            assertFalse(worker.isDone());
            q.destroy();
        });
    }

    @Test
    void workersAreNamedAndListedAndExitOnDestroy() {
        runLoop(() -> {
            Queue<String> q = Queue.create("mail");
            assertEquals("mail", q.name());
            Task w1 = q.addWorker(item -> { });
            Task w2 = q.addWorker(item -> { });
            assertEquals("mail:worker_1", w1.name());
            assertEquals("mail:worker_2", w2.name());
            Copas.pause(ms(20));
            assertEquals(List.of(w1, w2), q.workers());
            assertTrue(q.destroy());
            Copas.pause(ms(20));
            assertTrue(w1.isDone() && w2.isDone());
            assertEquals(List.of(), q.workers());

            Queue<String> unnamed = Queue.create();
            assertTrue(unnamed.name().matches("copas_queue_\\d+"), unnamed.name());
            Queue<String> next = Queue.create();
            assertEquals(Integer.parseInt(unnamed.name().substring(12)) + 1, Integer.parseInt(next.name().substring(12)));
        });
    }

    @Test
    void destroyFailsWaitingPopsAndDropsItems() {
        runLoop(() -> {
            Queue<String> q = Queue.create();
            List<String> results = new CopyOnWriteArrayList<>();
            List<Task> poppers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                poppers.add(Copas.scheduler().add(() -> {
                    try {
                        q.pop(ms(5_000));
                    } catch (DestroyedException e) {
                        results.add("destroyed");
                    }
                }));
            }
            Copas.pause(ms(50));
            assertTrue(q.destroy());
            pauseUntil(() -> poppers.stream().allMatch(Task::isDone), 5_000);
            assertEquals(List.of("destroyed", "destroyed", "destroyed"), results);

            Queue<String> full = Queue.create();
            full.push("a");
            full.push("b");
            full.destroy();
            assertEquals(0, full.size(), "what was left is dropped");
        });
    }

    @Test
    void removedPopperDoesNotSwallowAnItem() {
        runLoop(() -> {
            Queue<String> q = Queue.create();
            AtomicReference<String> got = new AtomicReference<>();
            Task removed = Copas.scheduler().add(() -> q.pop(ms(5_000)));
            Copas.pause(ms(20));
            Copas.scheduler().add(() -> got.set(q.pop(ms(5_000))));
            Copas.pause(ms(20));
            Copas.scheduler().remove(removed);
            q.push("item");
            pauseUntil(() -> got.get() != null, 5_000);
            assertEquals("item", got.get());
            assertEquals(0, q.size());
        });
    }

    @Test
    void removedWorkerDoesNotHangFinish() {
        runVirtual(() -> {
            Queue<Integer> q = Queue.create();
            Task worker = q.addWorker(item -> Copas.pause(ms(10_000)));
            q.push(1);
            q.push(2);
            Copas.pause(ms(50)); // the worker is busy with item 1
            Copas.scheduler().add(() -> {
                Copas.pause(ms(100));
                Copas.scheduler().remove(worker);
                q.pop(); // somebody else drains the queue
            });
            long start = now();
            q.finish(ms(5_000), false);
            assertTrue(millisSince(start) < 2_000, "finish waited for a removed worker");
            assertEquals(List.of(), q.workers());
        });
    }

    @Test
    void aStrayWakeupOfAPopIsHarmless() {
        runVirtual(() -> {
            Queue<String> q = Queue.create();
            AtomicReference<String> got = new AtomicReference<>();
            Task popper = Copas.scheduler().add(() -> got.set(q.pop(ms(5_000))));
            Copas.pause(ms(10)); // virtual time: the popper waits
            assertTrue(Copas.wakeup(popper));
            Copas.pause(ms(10));
            assertNull(got.get(), "nothing popped (upstream 4.11 returns nil)");
            assertEquals(0, q.size(), "the size stays (upstream 4.11: -1)");
            q.push("a");
            pauseUntil(() -> got.get() != null, 5_000);
            assertEquals("a", got.get(), "the next item is not lost");
            assertEquals(0, q.size());
        });
    }

    @Test
    void aWorkerRemovedBeforeItRanDoesNotHoldFinish() {
        long took = runVirtual(() -> {
            Queue<Integer> timed = Queue.create();
            Copas.scheduler().remove(timed.addWorker(item -> { })); // before its first step
            timed.finish(ms(2_000), false);
            assertEquals(List.of(), timed.workers());
            Queue<Integer> unbounded = Queue.create();
            Copas.scheduler().remove(unbounded.addWorker(item -> { }));
            unbounded.finish(Queue.FOREVER, false);
        });
        assertTrue(took < 1_000, "finish waited " + took + " ms for a worker that was gone");
    }

    @Test
    void aWorkerDroppedAfterSwallowingItsRemovalDoesNotHoldFinish() {
        runVirtual(() -> {
            Queue<Integer> q = Queue.create();
            AtomicInteger busy = new AtomicInteger();
            Task worker = q.addWorker(item -> {
                busy.incrementAndGet();
                try {
                    Copas.pause(ms(5_000));
                } catch (Throwable swallowed) {
                    Copas.pause(ms(10)); // waits again after its removal: dropped
                }
            });
            q.push(1);
            pauseUntil(() -> busy.get() == 1, 1_000);
            Copas.scheduler().add(() -> Copas.scheduler().remove(worker)); // runs while finish waits
            long start = now();
            q.finish(ms(2_000), false);
            assertTrue(millisSince(start) < 1_000, "finish waited " + millisSince(start) + " ms for a dropped worker");
            assertEquals(List.of(), q.workers());
        });
    }

    @Test
    void cancelAllUnwindsPoppersAndFinishers() {
        AtomicInteger unwound = new AtomicInteger();
        long took = SyncTesting.runUntilLoopEnds(() -> {
            Queue<Integer> empty = Queue.create();
            Queue<Integer> busy = Queue.create();
            busy.push(1);
            for (int i = 0; i < 2; i++) {
                Copas.scheduler().add(() -> {
                    try {
                        empty.pop(ms(60_000));
                    } finally {
                        unwound.incrementAndGet();
                    }
                });
            }
            Copas.scheduler().add(() -> {
                try {
                    busy.finish(ms(60_000), false);
                } finally {
                    unwound.incrementAndGet();
                }
            });
            Copas.pause(ms(50));
            Copas.scheduler().cancelAll();
        });
        assertTrue(took < 5_000, "took " + took);
        assertEquals(3, unwound.get());
    }

    @Test
    void callingContextIsChecked() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            assertThrows(IllegalStateException.class, Queue::create);
            Queue<String> q = Queue.create(scheduler, "setup");
            assertThrows(IllegalArgumentException.class, () -> Queue.create(scheduler, " "));
            q.push("before the loop"); // set-up is allowed while no loop runs
            assertThrows(IllegalStateException.class, q::pop);
            AtomicReference<String> got = new AtomicReference<>();
            scheduler.loop(() -> got.set(q.pop(Duration.ZERO)));
            assertSame("before the loop", got.get());
            SyncTesting.runLoop(() -> assertThrows(IllegalStateException.class, () -> q.push("x")));
        }
    }
}

package io.copas.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Misuse of the sync primitives fails the misusing call with a clear, typed exception and
 * nothing else: the primitive keeps its state for its rightful users, and a bystander (a
 * producer and a consumer on their own queue) goes on being served by the loop throughout.
 */
class SyncMisuseTest {

    /** A producer and a consumer passing {@code items} items through their own queue. */
    private static List<Integer> bystander(int items) {
        List<Integer> consumed = new ArrayList<>();
        Queue<Integer> queue = Queue.create("bystander");
        Copas.scheduler().add("bystander-producer", () -> {
            for (int i = 0; i < items; i++) {
                queue.push(i);
                Copas.pause();
            }
        });
        Copas.scheduler().add("bystander-consumer", () -> {
            for (int i = 0; i < items; i++) {
                consumed.add(queue.pop());
            }
        });
        return consumed;
    }

    private static void awaitBystander(List<Integer> consumed, int items) {
        SyncTesting.pauseUntil(() -> consumed.size() == items, 10_000);
        for (int i = 0; i < items; i++) {
            assertEquals(i, consumed.get(i));
        }
    }

    @Test
    void releaseOfALockNeverTakenFailsAndTheOwnerKeepsIt() {
        SyncTesting.runLoop(() -> {
            List<Integer> consumed = bystander(100);
            Lock lock = Lock.create();
            AtomicInteger waiterGotIt = new AtomicInteger();
            IllegalMonitorStateException unowned = assertThrows(IllegalMonitorStateException.class, lock::release);
            assertTrue(unowned.getMessage().contains("not owned"), unowned.getMessage());
            lock.get();
            Task waiter = Copas.scheduler().add("waiter", () -> {
                lock.get();
                waiterGotIt.incrementAndGet();
                lock.release();
            });
            Copas.scheduler().add("intruder", () -> {
                IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::release);
                assertTrue(e.getMessage().contains("intruder"), e.getMessage());
            });
            Copas.pause(Duration.ofMillis(20));
            assertEquals(Copas.current(), lock.owner().orElseThrow(), "the intruder's release changed nothing");
            assertEquals(0, waiterGotIt.get());
            lock.release();
            SyncTesting.pauseUntil(waiter::isDone, 10_000);
            assertEquals(1, waiterGotIt.get(), "the rightful waiter got the lock");
            awaitBystander(consumed, 100);
        });
    }

    @Test
    void pushAfterFinishFailsAsDestroyedAndPushDuringFinishAsStopped() {
        SyncTesting.runLoop(() -> {
            List<Integer> consumed = bystander(100);
            Queue<String> queue = Queue.create("finished");
            List<String> handled = new ArrayList<>();
            queue.addWorker(handled::add);
            queue.push("a");
            queue.push("b");
            queue.stop(); // what finish() does first
            StoppedException stopped = assertThrows(StoppedException.class, () -> queue.push("during finish"));
            assertTrue(stopped.getMessage().contains("finished"), stopped.getMessage());
            queue.finish();
            assertEquals(List.of("a", "b"), handled, "what was pushed before finish was handled");
            DestroyedException destroyed = assertThrows(DestroyedException.class, () -> queue.push("after finish"));
            assertTrue(destroyed.getMessage().contains("finished"), destroyed.getMessage());
            assertEquals(List.of("a", "b"), handled, "nothing was handled after finish");
            awaitBystander(consumed, 100);
        });
    }

    @Test
    void destroyedSemaphoreFailsItsWaitersAndEveryLaterCall() {
        SyncTesting.runLoop(() -> {
            List<Integer> consumed = bystander(100);
            Semaphore semaphore = Semaphore.create(2, 0, Duration.ofSeconds(30));
            List<Throwable> waiterFailures = new ArrayList<>();
            List<Task> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(Copas.scheduler().add("waiter-" + i, () -> {
                    try {
                        semaphore.take();
                    } catch (DestroyedException e) {
                        waiterFailures.add(e);
                    }
                }));
            }
            Copas.pause();
            assertTrue(semaphore.destroy());
            SyncTesting.pauseUntil(() -> waiters.stream().allMatch(Task::isDone), 10_000);
            assertEquals(3, waiterFailures.size(), "every waiter failed as destroyed, none hangs");
            assertThrows(DestroyedException.class, semaphore::take);
            assertThrows(DestroyedException.class, semaphore::give);
            assertThrows(DestroyedException.class, semaphore::releaseAll);
            assertTrue(!semaphore.destroy(), "a second destroy says it was already destroyed");
            TooManyException tooMany = assertThrows(TooManyException.class,
                    () -> Semaphore.create(2).take(3, Duration.ofSeconds(1)));
            assertTrue(tooMany.getMessage().contains("3"), tooMany.getMessage());
            awaitBystander(consumed, 100);
        });
    }

    @Test
    void destroyedLockFailsItsWaitersAndEveryLaterCall() {
        SyncTesting.runLoop(() -> {
            List<Integer> consumed = bystander(100);
            Lock lock = Lock.create();
            lock.get();
            List<Throwable> waiterFailures = new ArrayList<>();
            Task waiter = Copas.scheduler().add("waiter", () -> {
                try {
                    lock.get();
                } catch (DestroyedException e) {
                    waiterFailures.add(e);
                }
            });
            Copas.pause();
            assertTrue(lock.destroy());
            SyncTesting.pauseUntil(waiter::isDone, 10_000);
            assertEquals(1, waiterFailures.size());
            assertThrows(DestroyedException.class, lock::get);
            assertThrows(DestroyedException.class, lock::release);
            awaitBystander(consumed, 100);
        });
    }

    @Test
    void primitivesUsedFromAnotherThreadWhileTheLoopRunsFailFastWithoutTouchingIt() {
        try (SyncTesting.Harness harness = new SyncTesting.Harness()) {
            Queue<String> queue = Queue.create(harness.scheduler, "outside");
            Lock lock = Lock.create(harness.scheduler, Duration.ofSeconds(1), false);
            harness.run(() -> {
                List<Integer> consumed = bystander(10);
                CompletableFuture<List<Class<?>>> outsider = CompletableFuture.supplyAsync(() -> List.of(
                        assertThrows(IllegalStateException.class, () -> queue.push("from a plain thread")).getClass(),
                        assertThrows(IllegalStateException.class, lock::get).getClass()));
                SyncTesting.pauseUntil(outsider::isDone, 10_000);
                assertEquals(2, outsider.join().size(), "both calls failed fast on the other thread");
                assertEquals(0, queue.size(), "the refused push left nothing");
                queue.push("from a task");
                assertEquals("from a task", queue.pop());
                awaitBystander(consumed, 10);
            });
        }
    }
}

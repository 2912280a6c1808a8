package io.copas.core;

import static io.copas.core.TestSockets.listen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Regression tests for edge cases of the loop found in review (issue 8, item 6). */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopEdgeCasesTest {

    @Test
    void durationNearTheMaximumNeverFiresAtOnce() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicReference<TaskState> stateAfterAWhile = new AtomicReference<>();
            Task sleeper = scheduler.add("sleeper", () -> Copas.pause(Duration.ofNanos(Long.MAX_VALUE - 1)));
            Task waiter = scheduler.add("waiter", () -> Copas.suspend(Duration.ofSeconds(Long.MAX_VALUE)));
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(50));
                stateAfterAWhile.set(sleeper.state());
                assertEquals(TaskState.SUSPENDED, waiter.state(), "the huge suspend did not time out");
                Copas.scheduler().wakeup(sleeper);
                Copas.scheduler().wakeup(waiter);
            });
            scheduler.loop();
            assertEquals(TaskState.SLEEPING, stateAfterAWhile.get());
        }
    }

    @Test
    void hugeUserTimeoutCancelsLikeMathHugeAndKeepsNothingAlive() {
        try (Scheduler scheduler = Scheduler.create()) {
            boolean[] fired = new boolean[1];
            scheduler.add(() -> {
                Copas.timeout(Duration.ofNanos(Long.MAX_VALUE), task -> fired[0] = true);
                Copas.pauseForever(); // with no timer armed, nothing can end this: the loop must end
            });
            scheduler.loop();
            assertEquals(0, scheduler.status().timeout());
            assertTrue(!fired[0]);
        }
    }

    @Test
    void openSocketsAreCountedInStatusUntilClosed() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel listener = listen()) {
            scheduler.add(() -> {
                TcpSocket forgotten = Copas.scheduler().tcp();
                forgotten.connect(listener.getLocalAddress());
                assertEquals(1, Copas.scheduler().status().sockets());
            });
            scheduler.loop();
            assertEquals(1, scheduler.status().sockets(), "a socket its task forgot is reported");
            scheduler.cancelAll(); // closes it
            assertEquals(0, scheduler.status().sockets());
        }
    }

    @Test
    void closeCalledWhileBorrowingTheIdleSchedulerShutsItDown() {
        Scheduler scheduler = Scheduler.create();
        Task done = scheduler.add(() -> { });
        scheduler.loop();
        // runs at once on this thread, borrowing the idle loop state: close() must still happen
        done.whenDone(scheduler::close);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scheduler.add(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void loopStartsAfterABorrowerFinishesItsLongRequest() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            Task done = scheduler.add(() -> { });
            scheduler.loop();
            CountDownLatch borrowing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread borrower = Thread.ofPlatform().start(() -> done.whenDone(() -> {
                borrowing.countDown();
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(borrowing.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> looped = CompletableFuture.runAsync(() -> scheduler.loop(() -> { }));
            release.countDown(); // the loop waited (parked) for the borrower, then ran
            looped.get(10, TimeUnit.SECONDS);
            borrower.join();
        }
    }

    @Test
    void submitOnAClosedSchedulerReturnsAFailedFuture() {
        Scheduler scheduler = Scheduler.create();
        scheduler.close();
        CompletableFuture<String> future = scheduler.submit(() -> "never");
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}

package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Regression: close() ends even while other threads keep calling status()/tasks()/add() on the idle scheduler (it used to hang for good). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseWhileOtherThreadsCallTest {

    @Test
    void closeCompletesWhileAnotherThreadBorrowsTheIdleLoop() throws Exception {
        for (int i = 0; i < 200; i++) {
            Scheduler scheduler = Scheduler.create();
            AtomicBoolean stop = new AtomicBoolean();
            int variant = i % 3;
            Thread caller = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        switch (variant) {
                            case 0 -> scheduler.status();
                            case 1 -> scheduler.tasks();
                            default -> scheduler.add(() -> { });
                        }
                    } catch (IllegalStateException closed) {
                        // add() after close is refused: fine
                    }
                }
            });
            caller.setDaemon(true);
            caller.start();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(scheduler::close);
            try {
                closing.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("close() hung at iteration " + i + " while another thread called the scheduler");
            } finally {
                stop.set(true);
                caller.join(5_000);
            }
            assertFalse(scheduler.running());
            assertTrue(scheduler.tasks().isEmpty() || variant == 2, "tasks left after close");
        }
    }

    /** Regression: running() stayed true for a moment after close() returned, until loop() on the other thread got back. */
    @Test
    void runningIsFalseOnceCloseReturnsWhileLoopRunsOnAnotherThread() throws Exception {
        for (int i = 0; i < 100; i++) {
            Scheduler scheduler = Scheduler.create();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Thread looper = Thread.ofPlatform().start(() -> scheduler.loop(() -> {
                started.countDown();
                Copas.pause(java.time.Duration.ofHours(1));
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertTrue(scheduler.running());
            scheduler.close();
            assertFalse(scheduler.running(), "running() after close() returned, iteration " + i);
            looper.join(10_000);
            assertFalse(looper.isAlive());
        }
    }
}

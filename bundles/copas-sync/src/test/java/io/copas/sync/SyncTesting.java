package io.copas.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs test scenarios on a real scheduler and collects what tasks throw. */
final class SyncTesting {

    private SyncTesting() {
    }

    /** A scheduler whose default error handler collects every task failure. */
    static final class Harness implements AutoCloseable {
        final Scheduler scheduler = Scheduler.create();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        Harness() {
            scheduler.setDefaultErrorHandler((error, task, socket) -> {
                errors.add(error);
                scheduler.cancelAll(); // a failed scenario must end, not hang on what it left running
            });
        }

        /**
         * Runs {@code body} as the loop's first task, until the loop ends; fails if the body did
         * not complete or any task failed.
         *
         * @return the loop's duration in milliseconds
         */
        long run(TaskBody body) {
            AtomicBoolean completed = new AtomicBoolean();
            long start = System.nanoTime();
            scheduler.loop(() -> {
                body.run();
                completed.set(true);
            });
            long took = millisSince(start);
            assertNoErrors();
            assertTrue(completed.get(), "the test body did not complete");
            return took;
        }

        void assertNoErrors() {
            if (!errors.isEmpty()) {
                AssertionError failure = new AssertionError("a task failed: " + errors.get(0), errors.get(0));
                errors.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        }

        @Override
        public void close() {
            scheduler.close();
        }
    }

    /**
     * Runs {@code body} on a fresh scheduler until the loop ends, without requiring the body to
     * complete (for scenarios that remove it); fails if any task failed.
     *
     * @return the loop's duration in milliseconds
     */
    static long runUntilLoopEnds(TaskBody body) {
        try (Harness harness = new Harness()) {
            long start = System.nanoTime();
            harness.scheduler.loop(body);
            long took = millisSince(start);
            harness.assertNoErrors();
            return took;
        }
    }

    /** Runs {@code body} on a fresh scheduler, see {@link Harness#run}. */
    static long runLoop(TaskBody body) {
        try (Harness harness = new Harness()) {
            return harness.run(body);
        }
    }

    /** A block that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Pauses the current task until {@code condition} holds, failing after {@code limitMillis}. */
    static void pauseUntil(java.util.function.BooleanSupplier condition, long limitMillis) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (millisSince(start) > limitMillis) {
                fail("condition not reached within " + limitMillis + " ms");
            }
            Copas.pause(ms(5));
        }
    }

    /**
     * Counts the steps in which another task ran: a call that leaves the count unchanged did not
     * yield. Stop it with {@link #stop()}.
     */
    static final class YieldDetector {
        private volatile boolean stopped;
        private int ticks;
        final Task task;

        YieldDetector() {
            task = Copas.scheduler().add("yield-detector", () -> {
                while (!stopped) {
                    ticks++;
                    Copas.pause(ms(1));
                }
            });
            Copas.pause(ms(5)); // let it start
        }

        int ticks() {
            return ticks;
        }

        void stop() {
            stopped = true;
        }
    }
}

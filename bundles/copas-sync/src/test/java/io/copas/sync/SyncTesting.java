package io.copas.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import io.copas.test.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs test scenarios on a real scheduler, on the system clock or on a virtual one, and collects
 * what tasks throw.
 */
final class SyncTesting {

    private SyncTesting() {
    }

    /** A scheduler whose default error handler collects every task failure. */
    static final class Harness implements AutoCloseable {
        final Scheduler scheduler;
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        /** The scheduler's clock when it runs on virtual time, else {@code null}. */
        final VirtualClock clock;

        /** A harness on the system clock. */
        Harness() {
            this(null);
        }

        /**
         * A harness on {@code clock}.
         *
         * @param clock a virtual clock, or {@code null} for the system clock
         */
        Harness(VirtualClock clock) {
            this.clock = clock;
            this.scheduler = clock == null ? Scheduler.create() : Scheduler.builder().clock(clock).build();
            scheduler.setDefaultErrorHandler((error, task, socket) -> {
                errors.add(error);
                scheduler.cancelAll(); // a failed scenario must end, not hang on what it left running
            });
        }

        /**
         * Runs {@code body} as the loop's first task, until the loop ends (on virtual time: until
         * no pause or timeout is left); fails if the body did not complete or any task failed.
         *
         * @return the loop's duration in milliseconds, virtual on a virtual clock
         */
        long run(TaskBody body) {
            AtomicBoolean completed = new AtomicBoolean();
            TaskBody completing = () -> {
                body.run();
                completed.set(true);
            };
            long start = System.nanoTime();
            long took;
            if (clock == null) {
                scheduler.loop(completing);
                took = millisSince(start);
            } else {
                scheduler.add("copas_initializer", completing);
                took = clock.runUntilIdle().toMillis();
            }
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

    /**
     * Runs {@code body} on a fresh scheduler on virtual time: pauses and timeouts take no real
     * time, and what they measure is exact. See {@link Harness#run}.
     *
     * @return the virtual time the run took, in milliseconds
     */
    static long runVirtual(TaskBody body) {
        try (Harness harness = new Harness(new VirtualClock())) {
            return harness.run(body);
        }
    }

    /** The time of the current task's scheduler clock (virtual or not), else of the system clock. */
    static long now() {
        return Copas.currentTask().map(task -> task.scheduler().clock().nanoTime()).orElseGet(System::nanoTime);
    }

    /** A block that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Milliseconds since {@code startNanos}, a time of {@link #now()}. */
    static long millisSince(long startNanos) {
        return (now() - startNanos) / 1_000_000;
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Pauses the current task until {@code condition} holds, failing after {@code limitMillis}. */
    static void pauseUntil(java.util.function.BooleanSupplier condition, long limitMillis) {
        long start = now();
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

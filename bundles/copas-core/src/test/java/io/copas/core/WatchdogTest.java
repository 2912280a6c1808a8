package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocked-loop watchdog reports a busy task, a task blocked in a JDK call, and a long step of
 * many short tasks, with names and stacks, and counts them in status; off, it reports nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchdogTest {

    private static final Duration THRESHOLD = Duration.ofMillis(100);

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    /** Released by the first report that caught the task 'blocked' inside its latch wait. */
    private final CountDownLatch blockedReported = new CountDownLatch(1);
    private final Logger logger = Logger.getLogger("io.copas.core");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            warnings.add(message);
            if (message.contains("'blocked' has held the loop") && message.contains("CountDownLatch.await")) {
                blockedReported.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    /** Spins until the watchdog has reported (bounded: the test's timeout), without yielding. */
    private void holdTheLoopUntilReported(String taskName) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (warnings.stream().noneMatch(w -> w.contains("'" + taskName + "' has held the loop"))
                && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void busyTaskIsReportedWithItsNameAndStack() {
        try (Scheduler scheduler = Scheduler.builder().watchdog(THRESHOLD).build()) {
            scheduler.add("busy", () -> holdTheLoopUntilReported("busy"));
            scheduler.loop();
            String report = warnings.stream().filter(w -> w.contains("'busy' has held the loop")).findFirst()
                    .orElseThrow(() -> new AssertionError("no report in " + warnings));
            assertTrue(report.contains("holdTheLoopUntilReported"), "the task's own frames: " + report);
            assertTrue(scheduler.status().stalls() >= 1);
        }
    }

    @Test
    void taskBlockedInAJdkCallIsReported() {
        try (Scheduler scheduler = Scheduler.builder().watchdog(THRESHOLD).build()) {
            // a blocking JDK call holds the scheduler like any other; it ends when a report
            // sampled the task inside it (bounded: a report that never comes fails below)
            scheduler.add("blocked", () -> blockedReported.await(20, TimeUnit.SECONDS));
            scheduler.loop();
            assertTrue(warnings.stream().anyMatch(w -> w.contains("'blocked' has held the loop")
                    && w.contains("CountDownLatch.await")), warnings::toString);
        }
    }

    @Test
    void longStepOfManyShortTasksIsReportedWithTheirCount() throws Exception {
        try (Scheduler scheduler = Scheduler.builder().watchdog(THRESHOLD).build()) {
            // each short, 160 ms in one step: a step looks at its budget (decision 0014) only
            // after every 16 tasks, so these 16 all run in the first one
            for (int i = 0; i < 16; i++) {
                scheduler.add(() -> LoopWork.compute(10_000));
            }
            scheduler.loop();
            assertTrue(warnings.stream().anyMatch(w -> w.contains("a loop step took") && w.contains("16 task(s)")),
                    warnings::toString);
        }
    }

    @Test
    void offByDefaultReportsNothing() {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.add(() -> LoopWork.compute(150_000));
            scheduler.loop();
            assertEquals(0, scheduler.status().stalls());
            assertTrue(warnings.stream().noneMatch(w -> w.contains("held the loop")), warnings::toString);
        }
    }
}

package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A yield that fails after the task was already queued ({@code pause(0)} where the JDK pins the
 * continuation, here inside a class initialiser) leaves no stale run-queue entry behind that
 * could resume the task in the middle of a later wait.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailedYieldTest {

    /** Its initialiser yields: continuations are pinned while a class is being initialised. */
    static final class YieldsWhileInitialising {
        static final String OUTCOME;

        static {
            String outcome;
            try {
                Copas.pause(Duration.ZERO);
                outcome = "yielded";
            } catch (IllegalStateException pinned) {
                outcome = "pinned";
            }
            OUTCOME = outcome;
        }

        private YieldsWhileInitialising() {
        }
    }

    @Test
    void staleRunQueueEntryNeverResumesATaskInALaterWait() {
        assumeTrue("continuation".equals(System.getProperty("io.copas.engine")),
                "only continuations are pinned by a class initialiser");
        try (Scheduler scheduler = Scheduler.create()) {
            List<String> events = new ArrayList<>();
            boolean[] wokenOnPurpose = new boolean[1];
            scheduler.add("waiter", () -> {
                events.add(YieldsWhileInitialising.OUTCOME);
                Copas.pauseForever(); // only the waker below may end this
                events.add("resumed, woken on purpose: " + wokenOnPurpose[0]);
            });
            Task waiter = scheduler.tasks().get(0);
            scheduler.add("waker", () -> {
                for (int i = 0; i < 5; i++) {
                    Copas.pause(Duration.ZERO); // steps in which a stale entry would run the waiter
                }
                wokenOnPurpose[0] = true;
                Copas.scheduler().wakeup(waiter);
            });
            scheduler.loop();
            assertEquals(List.of("pinned", "resumed, woken on purpose: true"), events);
        }
    }
}

package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop starting while another thread borrows the idle scheduler for one call still starts, and a
 * request queued just as an owner lets go of the loop is still run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopOwnershipTest {

    @Test
    void startWhileAnotherThreadBorrowsTheIdleLoopStillRuns() throws Exception {
        for (int i = 0; i < 300; i++) {
            try (Scheduler scheduler = Scheduler.builder().name("own-" + i).build()) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread borrower = Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        scheduler.status();
                    }
                });
                try {
                    scheduler.start();
                    assertEquals(1, scheduler.submit(() -> 1).get(10, TimeUnit.SECONDS));
                } finally {
                    stop.set(true);
                    borrower.join();
                }
            }
        }
    }

    @Test
    void embeddedLoopWhileAnotherThreadBorrowsTheIdleLoopRuns() throws Exception {
        for (int i = 0; i < 300; i++) {
            Scheduler scheduler = Scheduler.create();
            AtomicBoolean stop = new AtomicBoolean();
            Thread borrower = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    scheduler.finished();
                }
            });
            int[] ran = new int[1];
            try {
                scheduler.loop(() -> ran[0]++);
            } finally {
                stop.set(true);
                borrower.join();
            }
            assertEquals(1, ran[0]);
            scheduler.close();
        }
    }

    @Test
    void aRequestQueuedJustAsTheOwnerReleasesTheLoopIsStillRun() throws Exception {
        for (int i = 0; i < 3000; i++) {
            Scheduler scheduler = Scheduler.create();
            AtomicBoolean stop = new AtomicBoolean();
            Thread borrower = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    scheduler.finished(); // never answered = hangs here
                }
            });
            scheduler.loop(() -> { });
            stop.set(true);
            borrower.join(TimeUnit.SECONDS.toMillis(10));
            org.junit.jupiter.api.Assertions.assertFalse(borrower.isAlive(), "a queued request was never run (round " + i + ")");
            scheduler.close();
        }
    }
}

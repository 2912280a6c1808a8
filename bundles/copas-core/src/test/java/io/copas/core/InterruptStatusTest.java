package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task that keeps its interrupt status set can still yield, without spinning or hanging the loop. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InterruptStatusTest {

    @Test
    void interruptedTaskYieldsAndKeepsItsInterruptStatus() {
        try (Scheduler scheduler = Scheduler.create()) {
            boolean[] stillInterrupted = new boolean[1];
            boolean[] otherRan = new boolean[1];
            scheduler.add(() -> {
                Thread.currentThread().interrupt();
                Copas.pause(Duration.ofMillis(50));
                stillInterrupted[0] = Thread.interrupted();
            });
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(10));
                otherRan[0] = true;
            });
            scheduler.loop();
            assertTrue(otherRan[0], "the other task ran while the interrupted one paused");
            assertTrue(stillInterrupted[0], "the task's interrupt status survived the yield");
        }
    }
}

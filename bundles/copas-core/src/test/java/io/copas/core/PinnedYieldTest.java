package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the continuation engine, a task that yields while it holds a monitor either yields (JDK
 * 24 and later no longer pin on monitors) or, where the JDK pins it, fails with a clear error to
 * its handler with the wait it was registering undone: either way the loop ends cleanly.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PinnedYieldTest {

    @Test
    void yieldInsideSynchronizedFailsTheTaskCleanly() {
        assumeTrue("continuation".equals(System.getProperty("io.copas.engine")),
                "only continuations are pinned by a monitor");
        Object monitor = new Object();
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> failures = new ArrayList<>();
            boolean[] resumed = new boolean[1];
            scheduler.setDefaultErrorHandler((error, task, socket) -> failures.add(error));
            scheduler.add(() -> {
                synchronized (monitor) {
                    Copas.pause(Duration.ofMillis(10));
                    resumed[0] = true;
                }
            });
            scheduler.loop();
            if (resumed[0]) {
                assertEquals(List.of(), failures, "it yielded, so nothing failed");
            } else {
                assertEquals(1, failures.size(), failures::toString);
                assertTrue(failures.get(0) instanceof IllegalStateException, failures::toString);
            }
            assertTrue(scheduler.finished());
            assertEquals(0, scheduler.status().timer(), "the sleep it registered was undone");
        }
    }
}

package io.copas.core;

import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Long steps are cut into bounded ones (docs/decisions/0014): a mass start no longer holds a due
 * sleeper for its whole length, the backlog keeps its order, and a task made runnable meanwhile
 * still runs only after every task that was ready before it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedStepTest {

    private static final int MASS = 400;

    @Test
    void massStartDoesNotHoldADueSleeperUntilItEnds() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicInteger started = new AtomicInteger();
            AtomicInteger startedWhenSleeperWoke = new AtomicInteger(-1);
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(5));
                startedWhenSleeperWoke.set(started.get());
            });
            scheduler.add(() -> {
                Copas.pause(); // the sleeper is asleep before the mass start is made ready
                for (int i = 0; i < MASS; i++) {
                    Copas.scheduler().add(() -> {
                        started.incrementAndGet();
                        LoopWork.compute(200); // 400 x 0.2 ms: an 80 ms start in one unbounded step
                    });
                }
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(MASS, started.get());
            assertTrue(startedWhenSleeperWoke.get() >= 0 && startedWhenSleeperWoke.get() < MASS,
                    "the sleeper woke after " + startedWhenSleeperWoke.get() + " of " + MASS
                            + " tasks had started: it should not wait for the whole start");
        }
    }

    @Test
    void backlogRunsInOrderBeforeTasksMadeRunnableLater() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<Integer> order = new ArrayList<>(); // only touched by tasks of the one loop
            scheduler.add(() -> {
                for (int i = 0; i < MASS; i++) {
                    int id = i;
                    Copas.scheduler().add(() -> {
                        order.add(id);
                        LoopWork.compute(100);
                        Copas.pause(); // ready again at once: must wait for the rest of the backlog
                        order.add(MASS + id);
                    });
                }
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 2 * MASS; i++) {
                expected.add(i);
            }
            assertEquals(expected, order, "every first run in order, then every second run in order");
        }
    }
}

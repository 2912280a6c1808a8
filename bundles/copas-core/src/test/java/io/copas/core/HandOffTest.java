package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Within a step, a task that yields hands the turn straight to the next one (docs/decisions/0015).
 * What a Copas user relies on must not change with it: one task at a time, Copas' order, a task
 * made runnable during a step running in a later step, and an ending or failing task completed
 * while the others go on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandOffTest {

    private static final int TASKS = 50;
    private static final int ROUNDS = 40;

    @Test
    void tasksOfAStepRunOneAtATimeInTheirOrder() {
        List<Integer> order = new ArrayList<>(); // plain list: only one task runs at a time
        boolean[] inside = new boolean[1];
        boolean[] overlapped = new boolean[1];
        try (Scheduler scheduler = Scheduler.create()) {
            for (int t = 0; t < TASKS; t++) {
                int me = t;
                scheduler.add(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        overlapped[0] |= inside[0];
                        inside[0] = true;
                        for (int spin = 0; spin < 50; spin++) {
                            Thread.onSpinWait(); // a little work, inside the critical section
                        }
                        order.add(me);
                        inside[0] = false;
                        Copas.pause();
                    }
                });
            }
            scheduler.loop();
        }
        assertFalse(overlapped[0], "two tasks of one scheduler ran at once");
        assertEquals(TASKS * ROUNDS, order.size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i % TASKS, order.get(i), "round " + i / TASKS + " out of order");
        }
    }

    @Test
    void aTaskMadeRunnableDuringAChainRunsInALaterStep() {
        List<String> order = new CopyOnWriteArrayList<>();
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.add(() -> {
                order.add("a1");
                Copas.pause();
                order.add("a2");
            });
            scheduler.add(() -> {
                order.add("b1");
                Copas.scheduler().add(() -> order.add("d"));
                Copas.pause();
                order.add("b2");
            });
            scheduler.add(() -> {
                order.add("c1");
                Copas.pause();
                order.add("c2");
            });
            scheduler.loop();
        }
        assertEquals(List.of("a1", "b1", "c1", "a2", "d", "b2", "c2"), order);
    }

    @Test
    void aTaskFailingInTheMiddleOfAChainGoesToItsHandlerAndTheOthersGoOn() {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<String> finished = new CopyOnWriteArrayList<>();
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.setDefaultErrorHandler((error, task, socket) -> reported.add(error));
            for (String name : new String[] {"first", "failing", "last"}) {
                scheduler.add(() -> {
                    for (int round = 0; round < 5; round++) {
                        if (name.equals("failing") && round == 2) {
                            throw new IllegalStateException("failing fails in round 2");
                        }
                        Copas.pause();
                    }
                    finished.add(name);
                });
            }
            scheduler.loop();
        }
        assertEquals(List.of("first", "last"), finished);
        assertEquals(1, reported.size());
        assertEquals("failing fails in round 2", reported.get(0).getMessage());
    }
}

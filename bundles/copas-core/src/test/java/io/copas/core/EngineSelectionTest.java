package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The engine comes from the builder, else from -Dio.copas.engine; the suite really runs on it. */
class EngineSelectionTest {

    @Test
    void autoFollowsTheSystemPropertyTheSuiteRunsWith() {
        String forced = System.getProperty("io.copas.engine");
        try (Scheduler scheduler = Scheduler.create()) {
            if (forced != null && !forced.equals("auto")) {
                assertEquals(forced, scheduler.engine(), "this run of the suite must use the forced engine");
            } else {
                assertTrue(scheduler.engine().equals("default") || scheduler.engine().equals("carrier"));
            }
        }
    }

    @Test
    void theDefaultEngineCanAlwaysBeChosen() {
        try (Scheduler scheduler = Scheduler.builder().engine("default").build()) {
            assertEquals("default", scheduler.engine());
        }
    }

    @Test
    void unknownEngineIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scheduler.builder().engine("warp").build());
        assertTrue(e.getMessage().contains("warp"), e.getMessage());
    }
}

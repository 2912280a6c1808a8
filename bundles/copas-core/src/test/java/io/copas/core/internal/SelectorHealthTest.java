package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the loop's selector counts as broken (issue 8, item 1: rebuild it as Netty does). */
class SelectorHealthTest {

    @Test
    void earlyEmptyReturnsInARowCallForARebuild() {
        SelectorHealth health = new SelectorHealth();
        for (int i = 1; i < SelectorHealth.EARLY_RETURNS_THRESHOLD; i++) {
            assertFalse(health.afterSelect(0, 1000, 1_000, false));
        }
        assertTrue(health.afterSelect(0, 0, 1_000, false));
    }

    @Test
    void eventsWakeUpsAndFullWaitsAreHealthy() {
        SelectorHealth health = new SelectorHealth();
        for (int i = 0; i < 10 * SelectorHealth.EARLY_RETURNS_THRESHOLD; i++) {
            assertFalse(health.afterSelect(1, 1000, 1_000, false));
            assertFalse(health.afterSelect(0, 1000, 1_000, true));
            assertFalse(health.afterSelect(0, 10, 10_000_000, false));
        }
    }

    @Test
    void repeatedFailuresCallForARebuildAndResetStartsAfresh() {
        SelectorHealth health = new SelectorHealth();
        for (int i = 1; i < SelectorHealth.FAILURES_THRESHOLD; i++) {
            assertFalse(health.afterFailure());
        }
        assertTrue(health.afterFailure());
        health.reset();
        assertFalse(health.afterFailure());
    }
}

package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog settings of the system property, the framework property and the distribution. */
class WatchdogSettingTest {

    @Test
    void millisecondsAndIsoDurationsTurnItOn() {
        assertEquals(Duration.ofSeconds(2), Watchdog.parse("2000"));
        assertEquals(Duration.ofMillis(1500), Watchdog.parse(" PT1.5S "));
    }

    @Test
    void absentZeroOffAndGarbageLeaveItOff() {
        assertNull(Watchdog.parse(null));
        assertNull(Watchdog.parse(""));
        assertNull(Watchdog.parse("0"));
        assertNull(Watchdog.parse("OFF"));
        assertNull(Watchdog.parse("-5"));
        assertNull(Watchdog.parse("two seconds"));
    }

    @Test
    void aSchedulerTakesATextualSetting() {
        try (SchedulerImpl scheduler = new SchedulerImpl("watched", "default", false)) {
            scheduler.setWatchdog("250");
            assertEquals(Duration.ofMillis(250), scheduler.watchdog());
            scheduler.setWatchdog("off");
            assertNull(scheduler.watchdog());
        }
    }
}

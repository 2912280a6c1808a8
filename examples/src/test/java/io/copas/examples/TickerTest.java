package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copas.core.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher's script, run as the launcher runs it: its main is the loop's first task. */
@Timeout(60)
class TickerTest {

    @Test
    void ticksAsOftenAsAskedThenTheLoopEnds() {
        String out = Output.of(() -> {
            try (Scheduler scheduler = Scheduler.create()) {
                scheduler.loop(() -> Ticker.main(new String[] {"4"}));
            }
        });
        assertEquals(4, out.lines().filter(line -> line.matches("tick \\d at \\d+[.,]\\d s")).count(), out);
    }
}

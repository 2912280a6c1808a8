package io.copas.examples;

import io.copas.core.Copas;
import io.copas.sync.Timer;
import java.time.Duration;

/**
 * A script for the {@code copas} launcher ({@code copas Ticker.java 3}): its {@code main} runs as
 * the loop's first task, so it uses Copas directly, without making a scheduler.
 */
public final class Ticker {

    private Ticker() {
    }

    /**
     * Ticks every tenth of a second, as many times as the first argument says (3 by default); the
     * loop, and so the launcher, ends after the last tick.
     *
     * @param args the number of ticks
     */
    // tag::ticker[]
    public static void main(String[] args) {
        int times = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double start = Copas.time();
        Timer.builder(Duration.ofMillis(100), (Timer<int[]> timer, int[] count) -> {
            System.out.printf("tick %d at %.1f s%n", ++count[0], Copas.time() - start);
            if (count[0] == times) {
                timer.cancel();
            }
        }).recurring(true).params(new int[1]).build();
    }
    // end::ticker[]
}

#!/usr/bin/env copas
// A recurring timer, as in upstream's manual for its runtime. Run it with
//   copas launcher/examples/Ticker.java [ticks]
// or, with copas on PATH, directly: launcher/examples/Ticker.java [ticks]
// The loop ends, and copas exits, once the timer is cancelled: nothing is left to do.

import io.copas.sync.Timer;
import java.time.Duration;

public class Ticker {

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] count = {0};
        Timer.builder(Duration.ofMillis(200), (timer, params) -> {
            count[0]++;
            System.out.println("hello world " + count[0]);
            if (count[0] >= ticks) {
                timer.cancel();
            }
        }).recurring(true).build(); // armed at once, as copas.timer.new
    }
}

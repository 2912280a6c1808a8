#!/usr/bin/env copas
// A recurring timer, the example of upstream's manual for its runtime: run it with
//   copas launcher/examples/Ticker.java        or, with copas on PATH, make it executable and run it.
// The loop ends (and copas exits) once the timer is cancelled: nothing is left to do.

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

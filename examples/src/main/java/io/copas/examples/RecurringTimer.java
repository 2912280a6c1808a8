package io.copas.examples;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.sync.Timer;
import java.time.Duration;
import java.util.function.Consumer;

/** A recurring timer that ticks a number of times and then cancels itself. */
public final class RecurringTimer {

    private RecurringTimer() {
    }

    /**
     * Arms a timer that calls {@code tick} every {@code interval}, {@code times} times. Call it
     * from a task; the loop ends when the timer is cancelled and nothing else is left.
     *
     * @param interval the time between two ticks
     * @param times    how many ticks
     * @param tick     receives the tick's number, from 1
     * @return the armed timer
     */
    public static Timer<int[]> ticks(Duration interval, int times, Consumer<Integer> tick) {
        // tag::timer[]
        return Timer.builder(interval, (Timer<int[]> timer, int[] count) -> {
                    tick.accept(++count[0]);
                    if (count[0] == times) {
                        timer.cancel();             // a callback may cancel its own timer
                    }
                })
                .name("ticker")
                .recurring(true)
                .params(new int[1])                 // state handed to every call
                .build();                           // built armed: the first tick after one interval
        // end::timer[]
    }

    /**
     * Prints three ticks, a tenth of a second apart, then ends.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        // tag::timer-main[]
        Scheduler scheduler = Scheduler.create();
        scheduler.loop(() -> {
            double start = Copas.time();
            ticks(Duration.ofMillis(100), 3,
                    n -> System.out.printf("tick %d after %.2f s%n", n, Copas.time() - start));
        });                                         // returns after the third tick
        // end::timer-main[]
        scheduler.close();
    }
}

package io.copas.bench;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import java.time.Duration;

/**
 * Switch cost, the counterpart of the harness' lua/switch.lua: K tasks each loop
 * {@code Copas.pause()} (Copas' {@code pause(0)}) for SECS seconds while the initial task sleeps.
 * A switch is one pause that yields to the loop and is resumed again.
 *
 * <p>usage: Switch K SECS; prints
 * {@code engine=E k=K secs=S switches=N switches_per_s=R ns_per_switch=X}.
 */
public final class Switch {

    private static boolean stop;
    private static long count;
    private static long tStart;
    private static long tStop;

    private Switch() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Switch K SECS");
            System.exit(2);
        }
        int k = Integer.parseInt(args[0]);
        double secs = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Scheduler scheduler = BenchSupport.scheduler();

        // only one task of a scheduler runs at a time: plain fields are safe, as in Lua
        scheduler.loop(() -> {
            for (int i = 0; i < k; i++) {
                Copas.scheduler().add(() -> {
                    while (!stop) {
                        Copas.pause();
                        count++;
                    }
                });
            }
            tStart = System.nanoTime();
            Copas.pause(Duration.ofNanos((long) (secs * 1e9)));
            stop = true;
            tStop = System.nanoTime();
        });

        double elapsed = (tStop - tStart) / 1e9;
        System.out.printf("engine=%s k=%d secs=%.3f switches=%d switches_per_s=%.0f ns_per_switch=%.1f%n",
                scheduler.engine(), k, elapsed, count, count / elapsed, elapsed * 1e9 / count);
        System.exit(0);
    }
}

package io.copas.bench;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Timers, the counterpart of the harness' lua/sleepers.lua: N tasks each {@code Copas.pause(d)},
 * d uniform random in [0, MAXD] s (seeded, drawn before the clock starts, as the Java peer does).
 * create_s: time for the initial task to add all N tasks (they run once it yields);
 * wall_s: from before the first add until the last task woke up; lateness: (time after pause)
 * - (time before pause) - d, per task.
 *
 * <p>usage: Sleepers [N=100000] [MAXD=2]; prints {@code engine=E n=.. create_s=.. wall_s=..
 * late_p50_ms=.. late_p99_ms=.. late_max_ms=.. peak_rss_kb=..}.
 */
public final class Sleepers {

    private static int done;
    private static long t0;
    private static long tCreated;
    private static long tEnd;

    private Sleepers() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double maxd = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        long[] delays = new long[n];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            delays[i] = (long) (random.nextDouble() * maxd * 1e9);
        }
        long[] late = new long[n];
        Scheduler scheduler = BenchSupport.scheduler();

        scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                final int me = i;
                self.add(() -> {
                    long d = delays[me];
                    long t = System.nanoTime();
                    Copas.pause(Duration.ofNanos(d));
                    long now = System.nanoTime();
                    late[me] = now - t - d;
                    if (++done == n) {
                        tEnd = now;
                    }
                });
            }
            tCreated = System.nanoTime();
        });

        Arrays.sort(late);
        System.out.printf("engine=%s n=%d create_s=%.3f wall_s=%.3f late_p50_ms=%.2f late_p99_ms=%.2f"
                        + " late_max_ms=%.2f peak_rss_kb=%d%n",
                scheduler.engine(), done, (tCreated - t0) / 1e9, (tEnd - t0) / 1e9,
                BenchSupport.quantile(late, 0.5) / 1e6, BenchSupport.quantile(late, 0.99) / 1e6,
                late[n - 1] / 1e6, BenchSupport.peakRssKb());
        System.exit(0);
    }
}

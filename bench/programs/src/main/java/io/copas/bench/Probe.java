package io.copas.bench;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import java.time.Duration;

/**
 * Tells whether an engine works in this JVM: builds a scheduler on the engine of
 * {@code -Dio.copas.engine}, runs two tasks through a few pauses and a timer, prints
 * {@code engine=NAME ok} and exits 0; exits non-zero with the reason otherwise.
 * bench/run.sh and bench/jmh.sh use it to leave out an engine that cannot start.
 */
public final class Probe {

    private static int turns;

    private Probe() {
    }

    public static void main(String[] args) {
        Scheduler scheduler = BenchSupport.scheduler();
        scheduler.loop(() -> {
            for (int i = 0; i < 2; i++) {
                Copas.scheduler().add(() -> {
                    for (int j = 0; j < 3; j++) {
                        Copas.pause();
                        turns++;
                    }
                });
            }
            Copas.pause(Duration.ofMillis(5));
        });
        if (turns != 6) {
            System.err.println("engine " + scheduler.engine() + ": expected 6 turns, got " + turns);
            System.exit(4);
        }
        System.out.println("engine=" + scheduler.engine() + " ok");
        System.exit(0);
    }
}

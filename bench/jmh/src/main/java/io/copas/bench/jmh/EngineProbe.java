package io.copas.bench.jmh;

import io.copas.core.Copas;
import io.copas.core.Scheduler;

/**
 * Tells whether engines start in this JVM: for each name given, builds a scheduler on it and runs
 * one task through a pause; prints the names that work, space-separated, on stdout, and the reason
 * for each that does not on stderr. bench/jmh.sh passes the result to JMH as {@code -p engine=}.
 *
 * <p>usage: EngineProbe ENGINE...
 */
public final class EngineProbe {

    private EngineProbe() {
    }

    public static void main(String[] args) {
        StringBuilder ok = new StringBuilder();
        for (String engine : args) {
            try (Scheduler scheduler = EngineState.newScheduler(engine)) {
                scheduler.loop(Copas::pause);
                ok.append(ok.isEmpty() ? "" : " ").append(engine);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("engine '" + engine + "' left out: " + e);
            }
        }
        System.out.println(ok);
    }
}

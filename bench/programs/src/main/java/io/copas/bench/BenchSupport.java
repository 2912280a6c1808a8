package io.copas.bench;

import io.copas.core.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the harness programs share: the scheduler for the requested engine, peak RSS, quantiles. */
final class BenchSupport {

    /** The system property that picks the engine (read by the core itself for engine "auto"). */
    static final String ENGINE_PROPERTY = "io.copas.engine";

    private BenchSupport() {
    }

    /**
     * A scheduler on the engine named by {@code -Dio.copas.engine} (or the automatic choice if the
     * property is absent or "auto"). Fails loudly when the engine cannot be had, or when the core
     * silently picked another one, so that a run never reports one engine under another's name.
     */
    static Scheduler scheduler() {
        String wanted = System.getProperty(ENGINE_PROPERTY, "auto").trim();
        Scheduler scheduler;
        try {
            scheduler = Scheduler.builder().name("bench").engine(wanted).build();
        } catch (RuntimeException | LinkageError e) {
            System.err.println("engine '" + wanted + "' is not available: " + e);
            System.exit(3);
            throw e;
        }
        if (!wanted.equals("auto") && !scheduler.engine().equals(wanted)) {
            System.err.println("asked for engine '" + wanted + "' but got '" + scheduler.engine() + "'");
            System.exit(3);
        }
        return scheduler;
    }

    /** Peak resident set size of this process (VmHWM), in KiB, or -1 where /proc is missing. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }

    /** The p-quantile of sorted values, as the Lua and Java peers compute it (nearest rank). */
    static long quantile(long[] sorted, double p) {
        int i = (int) Math.max(0, Math.ceil(p * sorted.length) - 1);
        return sorted[i];
    }
}

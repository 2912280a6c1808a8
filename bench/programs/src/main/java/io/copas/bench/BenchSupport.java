package io.copas.bench;

import io.copas.core.Scheduler;
import io.copas.core.SchedulerGroup;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the harness programs share: the scheduler (or group) for the requested engine, peak RSS, quantiles. */
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
        String wanted = wantedEngine();
        Scheduler scheduler;
        try {
            scheduler = Scheduler.builder().name("bench").engine(wanted).build();
        } catch (RuntimeException | LinkageError e) {
            throw unavailable(wanted, e);
        }
        checkEngine(wanted, scheduler.engine());
        return scheduler;
    }

    /**
     * A running scheduler group of {@code size} loops on the engine of {@code -Dio.copas.engine},
     * with the same checks as {@link #scheduler()}.
     */
    static SchedulerGroup group(int size, boolean reusePort) {
        String wanted = wantedEngine();
        SchedulerGroup group;
        try {
            group = SchedulerGroup.builder().name("bench").size(size).reusePort(reusePort).engine(wanted).build();
        } catch (RuntimeException | LinkageError e) {
            throw unavailable(wanted, e);
        }
        checkEngine(wanted, group.engine());
        return group;
    }

    private static String wantedEngine() {
        return System.getProperty(ENGINE_PROPERTY, "auto").trim();
    }

    private static RuntimeException unavailable(String wanted, Throwable e) {
        System.err.println("engine '" + wanted + "' is not available: " + e);
        System.exit(3);
        return new IllegalStateException(e);
    }

    private static void checkEngine(String wanted, String got) {
        if (!wanted.equals("auto") && !got.equals(wanted)) {
            System.err.println("asked for engine '" + wanted + "' but got '" + got + "'");
            System.exit(3);
        }
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

package io.copas.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/** Picks the engine for a scheduler from its configuration and the system property. */
final class Engines {

    /** System property that overrides the engine choice {@code "auto"}. */
    static final String PROPERTY = "io.copas.engine";

    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private Engines() {
    }

    private static void announce(String message) {
        if (ANNOUNCED.compareAndSet(false, true)) {
            SchedulerImpl.LOG.log(System.Logger.Level.INFO, message);
        }
    }

    /**
     * The engine for a scheduler: {@code "auto"} (or blank) defers to the system property, then
     * takes the fastest engine that keeps the default engine's thread semantics (each task its own
     * thread: interrupt status, ThreadLocals, monitor and lock ownership) and that the JVM grants:
     * carrier (on JDK 24 and later, where a task parked while holding a monitor no longer pins the
     * one carrier), else default. The continuation engine shares one thread between all tasks and
     * is never picked by {@code "auto"}: it must be asked for (see docs/decisions/0004).
     */
    static Engine select(String configured, String schedulerName) {
        String choice = configured == null || configured.isBlank() ? "auto" : configured.trim();
        if (choice.equals("auto")) {
            choice = System.getProperty(PROPERTY, "auto").trim();
        }
        return switch (choice) {
            case "auto" -> {
                String module = CarrierEngine.moduleName();
                if (CarrierEngine.available() && CarrierEngine.safeOnThisJdk()) {
                    announce("Copas uses the carrier engine (java.lang is open to " + module + ")");
                    yield new CarrierEngine(schedulerName);
                }
                announce("Copas uses the default engine (" + (CarrierEngine.safeOnThisJdk()
                        ? CarrierEngine.unavailableReason()
                        : "the carrier engine needs JDK 24 or later") + ")");
                yield new VirtualThreadEngine();
            }
            case VirtualThreadEngine.NAME -> new VirtualThreadEngine();
            case CarrierEngine.NAME -> new CarrierEngine(schedulerName);
            case ContinuationEngine.NAME -> new ContinuationEngine();
            default -> throw new IllegalArgumentException("engine must be 'auto', '" + VirtualThreadEngine.NAME
                    + "', '" + CarrierEngine.NAME + "' or '" + ContinuationEngine.NAME + "', was '" + choice + "'");
        };
    }
}

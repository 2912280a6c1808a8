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
     * takes the fastest engine whose access the JVM grants: continuation, carrier, default.
     */
    static Engine select(String configured, String schedulerName) {
        String choice = configured == null || configured.isBlank() ? "auto" : configured.trim();
        if (choice.equals("auto")) {
            choice = System.getProperty(PROPERTY, "auto").trim();
        }
        return switch (choice) {
            case "auto" -> {
                String module = CarrierEngine.moduleName();
                if (ContinuationEngine.available()) {
                    announce("Copas uses the continuation engine (jdk.internal.vm is exported to " + module + ")");
                    yield new ContinuationEngine();
                }
                if (CarrierEngine.available()) {
                    announce("Copas uses the carrier engine (java.lang is open to " + module + "); for the fastest"
                            + " engine add --add-exports java.base/jdk.internal.vm=" + module);
                    yield new CarrierEngine(schedulerName);
                }
                announce("Copas uses the default engine; for faster ones run with --add-exports"
                        + " java.base/jdk.internal.vm=" + module + " or --add-opens java.base/java.lang=" + module);
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

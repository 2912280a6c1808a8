package io.copas.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/** Picks the engine for a scheduler from its configuration and the system property. */
final class Engines {

    /** System property that overrides the engine choice {@code "auto"}. */
    static final String PROPERTY = "io.copas.engine";

    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private Engines() {
    }

    /**
     * The engine for a scheduler: {@code "auto"} (or blank) defers to the system property, then
     * takes the carrier engine when the JVM grants its access, else the default one.
     */
    static Engine select(String configured, String schedulerName) {
        String choice = configured == null || configured.isBlank() ? "auto" : configured.trim();
        if (choice.equals("auto")) {
            choice = System.getProperty(PROPERTY, "auto").trim();
        }
        return switch (choice) {
            case "auto" -> {
                boolean fast = CarrierEngine.available();
                if (ANNOUNCED.compareAndSet(false, true)) {
                    SchedulerImpl.LOG.log(System.Logger.Level.INFO, fast
                            ? "Copas uses the carrier engine (java.lang is open to " + CarrierEngine.moduleName() + ")"
                            : "Copas uses the default engine; for the faster carrier engine run with"
                                    + " --add-opens java.base/java.lang=" + CarrierEngine.moduleName());
                }
                yield fast ? new CarrierEngine(schedulerName) : new VirtualThreadEngine();
            }
            case VirtualThreadEngine.NAME -> new VirtualThreadEngine();
            case CarrierEngine.NAME -> new CarrierEngine(schedulerName);
            default -> throw new IllegalArgumentException("engine must be 'auto', '" + VirtualThreadEngine.NAME
                    + "' or '" + CarrierEngine.NAME + "', was '" + choice + "'");
        };
    }
}

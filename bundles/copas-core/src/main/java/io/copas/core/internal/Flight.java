package io.copas.core.internal;

import io.copas.core.spi.FlightRecorderAccess;
import java.util.Optional;

/**
 * Whether Copas' Flight Recorder events can be emitted here: the {@code jdk.jfr} module must be in
 * the runtime and readable (core only {@code requires static} it, and imports it optionally in
 * OSGi). When it is not, every hook is skipped by one constant check.
 */
final class Flight {

    /** Whether {@code io.copas.core.internal.jfr.FlightEvents} may be used. */
    static final boolean AVAILABLE = detect();

    private Flight() {
    }

    private static boolean detect() {
        try {
            Module core = Flight.class.getModule();
            if (core.isNamed()) {
                Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
                if (jfr.isEmpty()) {
                    return false;
                }
                core.addReads(jfr.get()); // resolved by someone else: make sure we may use it
            }
            Optional<String> unusable = FlightRecorderAccess.unusableReason(Flight.class.getClassLoader());
            unusable.ifPresent(why -> System.getLogger(Flight.class.getName()).log(System.Logger.Level.INFO,
                    "Copas' Flight Recorder events are off: " + why));
            return unusable.isEmpty();
        } catch (LinkageError | RuntimeException e) {
            return false; // a runtime image without JFR, or a framework that does not export it
        }
    }
}

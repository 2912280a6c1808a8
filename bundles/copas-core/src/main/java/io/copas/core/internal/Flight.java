package io.copas.core.internal;

import io.copas.core.spi.FlightRecorderAccess;
import java.util.Optional;
import jdk.jfr.FlightRecorder;

/**
 * Whether Copas' Flight Recorder events are emitted: the {@code jdk.jfr} module must be in the
 * runtime and readable (core only {@code requires static} it, and imports it optionally in OSGi),
 * and the JDK's flight recorder must have been started in this JVM. When it is not there, every
 * hook is skipped by one constant check.
 *
 * <p>The event classes stay unloaded until a recorder starts, because loading a JFR event class
 * initializes JFR's Java side (over a hundred classes, some 9 MB of resident memory) even when
 * nothing is ever recorded. Events enabled by name before that are applied to them when they load.
 */
final class Flight {

    /** Whether {@code io.copas.core.internal.jfr.FlightEvents} may be used. */
    static final boolean AVAILABLE = detect();

    /** Set once the recorder is found started: it never stops being initialized. */
    private static boolean started;

    private Flight() {
    }

    /**
     * Whether the hooks should reach {@code FlightEvents}: events can be emitted here and a flight
     * recorder has started in this JVM (from the command line, by {@code jcmd JFR.start} or by
     * the {@code jdk.jfr} API), so that loading the event classes costs nothing extra.
     *
     * @return {@code true} once both hold
     */
    static boolean on() {
        return AVAILABLE && (started || (started = FlightRecorder.isInitialized()));
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

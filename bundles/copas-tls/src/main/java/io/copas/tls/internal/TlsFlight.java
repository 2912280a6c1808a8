package io.copas.tls.internal;

import io.copas.core.spi.FlightRecorderAccess;
import java.util.Optional;
import jdk.jfr.FlightRecorder;

/**
 * Whether the TLS Flight Recorder event is emitted: the {@code jdk.jfr} module must be in the
 * runtime and readable (this module only {@code requires static} it, and imports it optionally in
 * OSGi), and the JDK's flight recorder must have been started in this JVM. When it is not there,
 * the hook is skipped by one constant check.
 *
 * <p>The event class stays unloaded until a recorder starts: loading a JFR event class initializes
 * JFR's Java side even when nothing is ever recorded (as in core's {@code Flight}).
 */
final class TlsFlight {

    /** Whether {@code io.copas.tls.internal.jfr.HandshakeEvents} may be used. */
    static final boolean AVAILABLE = detect();

    /** Set once the recorder is found started: it never stops being initialized. */
    private static boolean started;

    private TlsFlight() {
    }

    /**
     * Whether the hook should reach {@code HandshakeEvents}: the event can be emitted here and a
     * flight recorder has started in this JVM.
     *
     * @return {@code true} once both hold
     */
    static boolean on() {
        return AVAILABLE && (started || (started = FlightRecorder.isInitialized()));
    }

    private static boolean detect() {
        try {
            Module tls = TlsFlight.class.getModule();
            if (tls.isNamed()) {
                Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
                if (jfr.isEmpty()) {
                    return false;
                }
                tls.addReads(jfr.get()); // resolved by someone else: make sure we may use it
            }
            Optional<String> unusable = FlightRecorderAccess.unusableReason(TlsFlight.class.getClassLoader());
            unusable.ifPresent(why -> System.getLogger(TlsFlight.class.getName()).log(System.Logger.Level.INFO,
                    "Copas' Flight Recorder events are off: " + why));
            return unusable.isEmpty();
        } catch (LinkageError | RuntimeException e) {
            return false; // a runtime image without JFR, or a framework that does not export it
        }
    }
}

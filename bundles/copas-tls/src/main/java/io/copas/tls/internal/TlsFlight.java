package io.copas.tls.internal;

import io.copas.core.spi.FlightRecorderAccess;
import java.util.Optional;

/**
 * Whether the TLS Flight Recorder event can be emitted here: the {@code jdk.jfr} module must be in
 * the runtime and readable (this module only {@code requires static} it, and imports it optionally
 * in OSGi). When it is not, the hook is skipped by one constant check.
 */
final class TlsFlight {

    /** Whether {@code io.copas.tls.internal.jfr.HandshakeEvents} may be used. */
    static final boolean AVAILABLE = detect();

    private TlsFlight() {
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

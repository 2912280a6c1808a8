package io.copas.core.spi;

import java.util.Optional;

/**
 * Whether a Copas module can emit its JDK Flight Recorder events through a given class loader.
 * Besides {@code jdk.jfr} itself, a recorded event class links at run time to
 * {@code jdk.jfr.internal.event}, which JFR weaves into it: inside an OSGi framework a bundle sees
 * that package only through boot delegation, and without it every emitting call would fail with a
 * {@code NoClassDefFoundError} once a recording starts. Asked once, when a module decides whether
 * its events are on.
 */
public final class FlightRecorderAccess {

    private static final String EVENT_API = "jdk.jfr.Event";
    private static final String WOVEN_PACKAGE = "jdk.jfr.internal.event";
    private static final String WOVEN_CLASS = WOVEN_PACKAGE + ".EventWriter";

    private FlightRecorderAccess() {
    }

    /**
     * Why events cannot be emitted by classes of {@code loader}, or empty when they can.
     *
     * @param loader the class loader of the module's event classes
     * @return the reason, naming what to add (for a framework: the boot delegation property)
     */
    public static Optional<String> unusableReason(ClassLoader loader) {
        if (!visible(EVENT_API, loader)) {
            return Optional.of("the jdk.jfr module is not visible (a runtime image without it, or a framework"
                    + " that does not export jdk.jfr)");
        }
        if (!visible(WOVEN_CLASS, loader)) {
            return Optional.of(WOVEN_PACKAGE + " is not visible: recorded events would fail; inside an OSGi"
                    + " framework add it to org.osgi.framework.bootdelegation");
        }
        return Optional.empty();
    }

    private static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

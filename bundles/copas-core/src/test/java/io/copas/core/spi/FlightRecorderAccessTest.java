package io.copas.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Copas' Flight Recorder events are switched off, with a reason, where a recorded event could not
 * link (regression: in a framework that did not boot-delegate jdk.jfr.internal.event, starting a
 * recording made every loop step fail with NoClassDefFoundError).
 */
class FlightRecorderAccessTest {

    /** A loader like a bundle's without boot delegation: it does not see the packages hidden here. */
    private static ClassLoader hiding(String... packages) {
        return new ClassLoader(FlightRecorderAccessTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                for (String hidden : packages) {
                    if (name.startsWith(hidden + ".")) {
                        throw new ClassNotFoundException(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
    }

    @Test
    void usableWhereJfrAndItsWovenPackageAreVisible() {
        assertEquals(Optional.empty(), FlightRecorderAccess.unusableReason(FlightRecorderAccessTest.class.getClassLoader()));
    }

    @Test
    void recordingWithoutBootDelegationOfTheWovenPackageSwitchesEventsOff() {
        Optional<String> why = FlightRecorderAccess.unusableReason(hiding("jdk.jfr.internal.event"));
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("org.osgi.framework.bootdelegation") && why.get().contains("jdk.jfr.internal.event"),
                why.get());
    }

    @Test
    void noJfrModuleSwitchesEventsOff() {
        Optional<String> why = FlightRecorderAccess.unusableReason(hiding("jdk.jfr"));
        assertTrue(why.isPresent() && why.get().contains("jdk.jfr module"), why.toString());
    }
}

package io.copas.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** FTPS without the optional TLS module ends in an exception that names it (the probe itself: core's OptionalModulesTest). */
class TlsAvailabilityTest {

    @Test
    void presentTlsModuleIsFound() {
        assertDoesNotThrow(TlsAvailability::require);
    }

    @Test
    void missingTlsModuleIsNamedWithTheWayToAddIt() {
        String message = TlsAvailability.missing().getMessage();
        assertTrue(message.startsWith("FTPS needs the module (OSGi bundle) io.copas.tls"), message);
        assertTrue(message.contains("--add-modules io.copas.tls"), message);
        assertTrue(message.endsWith("seen after a refresh of io.copas.ftp)"), message);
    }
}

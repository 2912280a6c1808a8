package io.copas.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** FTPS without the optional TLS module ends in an exception that names it. */
class TlsAvailabilityTest {

    @Test
    void presentTlsModuleIsFound() {
        assertDoesNotThrow(() -> TlsAvailability.require(TlsAvailability.class.getClassLoader()));
    }

    @Test
    void missingTlsModuleIsNamed() throws Exception {
        // a loader that sees java.base only, as the FTP bundle's loader does when io.copas.tls is absent
        try (URLClassLoader jdkOnly = new URLClassLoader(new URL[0], null)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TlsAvailability.require(jdkOnly));
            assertTrue(e.getMessage().contains("io.copas.tls"), e.getMessage());
        }
    }
}

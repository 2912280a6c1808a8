package io.copas.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional-module probe the clients share: found, missing, and not yet read. */
class OptionalModulesTest {

    @Test
    void aClassTheClientSeesIsUsable() {
        assertTrue(OptionalModules.usable(OptionalModulesTest.class, "java.lang.String", m -> fail("java.base is read")));
    }

    @Test
    void aMissingModuleIsNotUsable() {
        // core's tests do not have io.copas.tls, as a client without the optional module
        assertFalse(OptionalModules.usable(OptionalModulesTest.class, OptionalModules.TLS + ".Tls", m -> fail("not found")));
    }

    @Test
    void aClassItsLoaderDoesNotSeeIsNotUsable() {
        // java.util.List comes from the boot loader, which does not see this test's classes
        assertFalse(OptionalModules.usable(java.util.List.class, OptionalModulesTest.class.getName(), m -> fail("not found")));
    }

    @Test
    void aNamedModuleThatDoesNotReadTheOptionalOneIsGivenTheEdge() {
        // java.base reads no module but itself: the probe hands the module to the client's addReads
        List<Module> added = new ArrayList<>();
        assertTrue(OptionalModules.usable(String.class, "java.util.logging.Logger", added::add));
        assertEquals(List.of(java.util.logging.Logger.class.getModule()), added);
    }

    @Test
    void aFailingAddReadsMeansNotUsable() {
        assertFalse(OptionalModules.usable(String.class, "java.util.logging.Logger", m -> {
            throw new IllegalCallerException("not the client's own call");
        }));
    }

    @Test
    void theAdviceNamesBothTheModulePathAndOsgi() {
        String advice = OptionalModules.howToAdd("io.copas.tls", "io.copas.http");
        assertTrue(advice.contains("add `requires io.copas.tls;`"), advice);
        assertTrue(advice.contains("--add-modules io.copas.tls"), advice);
        assertTrue(advice.endsWith("seen after a refresh of io.copas.http)"), advice);
    }
}

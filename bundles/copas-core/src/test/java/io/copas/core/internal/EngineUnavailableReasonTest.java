package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The message for an engine that cannot run names exactly what is missing (issue 12: in a
 * framework the continuation engine also needs {@code org.osgi.framework.bootdelegation}, and
 * the log used to advise the JVM flag that had already been given). Runs under every engine's
 * Surefire execution, each with its own JVM flags.
 */
class EngineUnavailableReasonTest {

    private static final String BOOT_DELEGATION_HINT = "the JVM exports jdk.internal.vm to ALL-UNNAMED, but the"
            + " class loader of io.copas.core.internal.ContinuationEngine cannot see it: in an OSGi framework also"
            + " set the framework property org.osgi.framework.bootdelegation=jdk.internal.vm";

    @Test
    void continuationEngineWithoutTheJvmFlagAsksForTheFlag() {
        assumeFalse(ContinuationEngine.available(), "this execution exports jdk.internal.vm");
        assertEquals("the continuation engine needs --add-exports java.base/jdk.internal.vm=" + CarrierEngine.moduleName(),
                ContinuationEngine.unavailableReason());
    }

    @Test
    void continuationEngineWithTheJvmFlagHasNoReason() {
        assumeTrue(ContinuationEngine.available(), "this execution does not export jdk.internal.vm");
        assertNull(ContinuationEngine.unavailableReason());
    }

    @Test
    void continuationEngineWithTheJvmFlagButAHidingClassLoaderAsksForBootDelegation() throws Exception {
        assumeTrue(ContinuationEngine.available(), "this execution does not export jdk.internal.vm");
        // a loader like a bundle's without boot delegation: it never delegates jdk.internal.* to the JDK
        ClassLoader bundleLike = new FrameworkLikeLoader(ContinuationEngine.class.getClassLoader());
        Class<?> copy = Class.forName(ContinuationEngine.class.getName(), true, bundleLike);
        Method reason = copy.getDeclaredMethod("unavailableReason");
        reason.setAccessible(true);
        assertEquals(BOOT_DELEGATION_HINT, reason.invoke(null));
    }

    @Test
    void carrierEngineWithoutTheJvmFlagAsksForTheFlag() {
        assumeFalse(CarrierEngine.available(), "this execution opens java.lang");
        assertEquals("the carrier engine needs --add-opens java.base/java.lang=" + CarrierEngine.moduleName(),
                CarrierEngine.unavailableReason());
    }

    @Test
    void carrierEngineWithTheJvmFlagHasNoReason() {
        assumeTrue(CarrierEngine.available(), "this execution does not open java.lang");
        assertNull(CarrierEngine.unavailableReason());
    }

    /**
     * Defines its own copies of the engine classes (in its unnamed module, as a framework does for
     * a bundle) and hides {@code jdk.internal.*}; everything else comes from the parent.
     */
    private static final class FrameworkLikeLoader extends ClassLoader {

        private static final String OWN_PACKAGE = ContinuationEngine.class.getPackageName() + ".";

        FrameworkLikeLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("jdk.internal.")) {
                throw new ClassNotFoundException(name + " (not delegated to the boot loader)");
            }
            if (!name.startsWith(OWN_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            String resource = name.substring(OWN_PACKAGE.length()) + ".class";
            try (InputStream in = ContinuationEngine.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}

package io.copas.smtp.internal;

/**
 * Whether the optional {@code io.copas.tls} module is there. Only once this says yes may code
 * touch {@link TlsUpgrade}, the one class that links against it.
 */
public final class TlsSupport {

    /** The module (and OSGi bundle) that STARTTLS and implicit TLS need. */
    public static final String MODULE = "io.copas.tls";

    private static final boolean AVAILABLE = probe();

    private TlsSupport() {
    }

    /**
     * Whether TLS can be used.
     *
     * @return {@code true} if {@code io.copas.tls} is present and readable
     */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * Fails unless TLS can be used.
     *
     * @param what what needs TLS, for the message
     * @throws IllegalStateException naming the missing module
     */
    public static void require(String what) {
        if (!AVAILABLE) {
            throw new IllegalStateException(what + " needs the module and OSGi bundle " + MODULE
                    + ", which is not present (plain SMTP works without it)."
                    + " On the module path, add `requires io.copas.tls;` to the application's module"
                    + " or start java with --add-modules io.copas.tls (a module nothing requires is"
                    + " not resolved, even with its jar there); in OSGi, install the bundle (installed later, it is seen"
                    + " after a refresh of io.copas.smtp)");
        }
    }

    private static boolean probe() {
        try {
            Class<?> tls = Class.forName(MODULE + ".Tls", false, TlsSupport.class.getClassLoader());
            Module self = TlsSupport.class.getModule();
            // `requires static` reads the module only if it was resolved with us; add the edge if needed
            if (!self.canRead(tls.getModule())) {
                self.addReads(tls.getModule());
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

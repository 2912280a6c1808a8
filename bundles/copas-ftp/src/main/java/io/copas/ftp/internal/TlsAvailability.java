package io.copas.ftp.internal;

/**
 * Whether the optional module {@code io.copas.tls} can be used: FTPS needs it, plain FTP does
 * not. Checked before any class of it is touched, so that its absence gives a clear error
 * instead of a {@link NoClassDefFoundError} in the middle of a request.
 */
final class TlsAvailability {

    /** The module and bundle FTPS needs. */
    static final String TLS_MODULE = "io.copas.tls";

    private TlsAvailability() {
    }

    /**
     * Fails unless {@code loader} sees the TLS bundle.
     *
     * @param loader the class loader of the FTP bundle
     * @throws IllegalStateException naming the missing module
     */
    static void require(ClassLoader loader) {
        try {
            Class.forName(TLS_MODULE + ".Tls", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("FTPS needs the module (OSGi bundle) " + TLS_MODULE
                    + ", which is not available (plain FTP works without it)."
                    + " On the module path, add `requires io.copas.tls;` to the application's module"
                    + " or start java with --add-modules io.copas.tls (a module nothing requires is"
                    + " not resolved, even with its jar there); in OSGi, install the bundle (installed later, it is seen"
                    + " after a refresh of io.copas.ftp)", e);
        }
    }
}

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
                    + ", which is not available: add it to the module path or install the bundle (in OSGi, installed"
                    + " later it is seen after a refresh of io.copas.ftp), or use plain FTP", e);
        }
    }
}

package io.copas.ftp.internal;

import io.copas.core.spi.OptionalModules;

/**
 * Whether the optional module {@code io.copas.tls} can be used: FTPS needs it, plain FTP does
 * not. Checked before any class of it is touched, so that its absence gives a clear error
 * instead of a {@link NoClassDefFoundError} in the middle of a request.
 */
final class TlsAvailability {

    private TlsAvailability() {
    }

    /**
     * Fails unless this module sees and reads the TLS bundle.
     *
     * @throws IllegalStateException naming the missing module
     */
    static void require() {
        if (!OptionalModules.usable(TlsAvailability.class, OptionalModules.TLS + ".Tls",
                tls -> TlsAvailability.class.getModule().addReads(tls))) {
            throw missing();
        }
    }

    /** The failure of an FTPS request without the TLS module: what is missing and how to add it. */
    static IllegalStateException missing() {
        return new IllegalStateException("FTPS needs the module (OSGi bundle) " + OptionalModules.TLS
                + ", which is not available (plain FTP works without it). "
                + OptionalModules.howToAdd(OptionalModules.TLS, "io.copas.ftp"));
    }
}

package io.copas.http.internal;

import io.copas.core.spi.OptionalModules;
import io.copas.http.HttpException;
import java.net.URI;

/**
 * Whether the optional {@code io.copas.tls} module (bundle) is there and readable. Nothing here
 * names a TLS type, so this class loads without it; {@link TlsBridge} is only touched once this
 * said yes.
 */
final class TlsSupport {

    static final String TLS_CLASS = OptionalModules.TLS + ".Tls";

    private static volatile boolean seen;

    private TlsSupport() {
    }

    /**
     * Fails unless TLS is usable.
     *
     * @param uri the https URL, for the message
     * @throws HttpException naming the missing bundle and module
     */
    static void require(URI uri) throws HttpException {
        if (!seen && !present()) {
            throw new HttpException("https needs the io.copas.tls bundle (JPMS module io.copas.tls), which is not"
                    + " installed or not resolved here; cannot request " + Syntax.withoutCredentials(uri) + " (plain http works without it). "
                    + OptionalModules.howToAdd(OptionalModules.TLS, "io.copas.http"));
        }
        seen = true;
    }

    /** Whether {@code io.copas.tls} is visible and readable from this module. */
    static boolean present() {
        return OptionalModules.usable(TlsSupport.class, TLS_CLASS, tls -> TlsSupport.class.getModule().addReads(tls));
    }
}

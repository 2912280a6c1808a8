package io.copas.http.internal;

import io.copas.http.HttpException;
import java.net.URI;

/**
 * Whether the optional {@code io.copas.tls} module (bundle) is there and readable. Nothing here
 * names a TLS type, so this class loads without it; {@link TlsBridge} is only touched once this
 * said yes.
 */
final class TlsSupport {

    static final String TLS_CLASS = "io.copas.tls.Tls";

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
        if (!seen && !present(TlsSupport.class)) {
            throw new HttpException("https needs the io.copas.tls bundle (JPMS module io.copas.tls), which is not"
                    + " installed or not resolved here; cannot request " + uri + " (plain http works without it). "
                    + "On the module path, add `requires io.copas.tls;` to the application's module or start java with"
                    + " --add-modules io.copas.tls (a module nothing requires is not resolved, even with its jar there); in"
                    + " OSGi, install the bundle (installed later, it is seen after a refresh of io.copas.http)");
        }
        seen = true;
    }

    /** Whether {@code io.copas.tls} is visible and readable from {@code from}'s class loader and module. */
    static boolean present(Class<?> from) {
        try {
            Class<?> tls = Class.forName(TLS_CLASS, false, from.getClassLoader());
            Module mine = from.getModule();
            return !mine.isNamed() || mine.canRead(tls.getModule());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

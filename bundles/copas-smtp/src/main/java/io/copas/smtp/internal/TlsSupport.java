package io.copas.smtp.internal;

import io.copas.core.spi.OptionalModules;

/**
 * Whether the optional {@code io.copas.tls} module is there. Only once this says yes may code
 * touch {@link TlsUpgrade}, the one class that links against it.
 */
public final class TlsSupport {

    /** The module (and OSGi bundle) that STARTTLS and implicit TLS need. */
    public static final String MODULE = OptionalModules.TLS;

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
                    + ", which is not present (plain SMTP works without it). "
                    + OptionalModules.howToAdd(MODULE, "io.copas.smtp"));
        }
    }

    private static boolean probe() {
        return OptionalModules.usable(TlsSupport.class, MODULE + ".Tls", tls -> TlsSupport.class.getModule().addReads(tls));
    }
}

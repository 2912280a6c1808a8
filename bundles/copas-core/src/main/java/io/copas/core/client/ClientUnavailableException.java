package io.copas.core.client;

import java.io.Serial;

/**
 * No client serves a scheme right now: its bundle or module is absent, not started, or being
 * updated. The message names the bundle or module to add and, in OSGi, its current state.
 */
public class ClientUnavailableException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The scheme no client was available for. */
    private final String scheme;

    /**
     * Creates the exception.
     *
     * @param scheme  the scheme asked for
     * @param message what is missing and what to do
     */
    public ClientUnavailableException(String scheme, String message) {
        super(message);
        this.scheme = scheme;
    }

    /**
     * The scheme that was asked for.
     *
     * @return the scheme
     */
    public String scheme() {
        return scheme;
    }
}

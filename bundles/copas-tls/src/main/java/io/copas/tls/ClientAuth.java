package io.copas.tls;

/** Whether a TLS server asks its clients for a certificate (mutual TLS). */
public enum ClientAuth {
    /** No client certificate is requested (the default). */
    NONE,
    /** A client certificate is requested; a client without one is still accepted. */
    WANT,
    /** A client certificate is required; a client without a valid one is refused. */
    NEED
}

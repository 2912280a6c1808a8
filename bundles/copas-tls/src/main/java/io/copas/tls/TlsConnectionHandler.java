package io.copas.tls;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves one accepted TLS connection, after its handshake succeeded (the handler given to
 * Copas' {@code copas.handler(fn, sslparams)}); see {@link Tls#handler}.
 */
@ConsumerType
@FunctionalInterface
public interface TlsConnectionHandler {

    /**
     * Handles a connection.
     *
     * @param socket the accepted connection, handshake done
     * @throws Exception reported to the handler task's error handler
     */
    void handle(TlsSocket socket) throws Exception;
}

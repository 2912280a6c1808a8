package io.copas.core;

import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves one accepted TCP connection, in its own task (Copas' server handler).
 *
 * <p>When the handler returns or throws, the socket is closed if the scheduler's
 * {@link Scheduler#autoclose() autoclose} is on.
 */
@ConsumerType
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Handles a connection.
     *
     * @param socket the accepted connection, already wrapped for Copas
     * @throws Exception reported to the handler task's error handler
     */
    void handle(TcpSocket socket) throws Exception;

    /**
     * Returns a handler that first passes the socket through {@code layer} (for example a TLS
     * handshake) and then calls {@code handler} with what the layer returned: Copas'
     * {@code copas.handler(connhandler, sslparams)}.
     *
     * @param handler the user's handler
     * @param layer   the layer applied to each accepted socket
     * @return the wrapping handler
     */
    static ConnectionHandler wrap(ConnectionHandler handler, SocketLayer layer) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(layer, "layer");
        return socket -> handler.handle(layer.apply(socket));
    }
}

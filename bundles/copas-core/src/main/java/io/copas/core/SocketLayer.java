package io.copas.core;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** Turns a connected socket into another one, such as a TLS socket after its handshake. */
@ConsumerType
@FunctionalInterface
public interface SocketLayer {

    /**
     * Applies the layer; runs inside the handler's task and may block cooperatively.
     *
     * @param socket the plain connected socket
     * @return the socket the handler should use
     * @throws IOException when the layer cannot be set up (the connection is then closed)
     */
    TcpSocket apply(TcpSocket socket) throws IOException;
}

package io.copas.core.internal;

import java.io.Serial;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;

/**
 * The JDK's {@link AlreadyConnectedException}, which carries no message, for a {@code sendTo}
 * another address on a UDP socket whose peer is fixed: names the socket, its peer and the way
 * out. Callers still catch the JDK type.
 */
final class PeerFixedException extends AlreadyConnectedException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String message;

    /**
     * @param socketName the socket's name
     * @param peer       the peer it is fixed to
     * @param target     where the datagram was to go
     */
    PeerFixedException(String socketName, SocketAddress peer, SocketAddress target) {
        this.message = "socket '" + socketName + "' has its peer fixed to " + peer + " (setPeerName): it cannot send to "
                + target + "; use send(), or setPeerName(null) first";
    }

    @Override
    public String getMessage() {
        return message;
    }
}

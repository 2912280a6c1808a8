package io.copas.core.internal;

import java.io.Serial;
import java.nio.channels.NotYetConnectedException;

/**
 * The JDK's {@link NotYetConnectedException}, which carries no message, with one that names the
 * socket: callers still catch the JDK type.
 */
final class NotConnectedException extends NotYetConnectedException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String socketName;

    /** @param socketName the name of the socket that is not connected */
    NotConnectedException(String socketName) {
        this.socketName = socketName;
    }

    @Override
    public String getMessage() {
        return "socket '" + socketName + "' is not connected";
    }
}

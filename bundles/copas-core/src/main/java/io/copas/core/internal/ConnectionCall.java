package io.copas.core.internal;

import io.copas.core.ConnectionHandler;
import io.copas.core.TaskBody;
import io.copas.core.TcpSocket;

/**
 * The body of a TCP server's handler task: the handler called with its connection. A class rather
 * than a lambda because each connection's handler stays parked with this frame on its stack for
 * the connection's life, and a lambda adds a second frame (its generated class's) to every one.
 *
 * @param handler the server's handler
 * @param socket  the accepted connection
 */
record ConnectionCall(ConnectionHandler handler, TcpSocket socket) implements TaskBody {

    @Override
    public void run() throws Exception {
        handler.handle(socket);
    }
}

package io.copas.ftp.internal;

import io.copas.core.TcpSocket;
import java.io.IOException;

/** A data connection being set up: passive (already connected) or active (accepted later). */
interface DataConnection extends AutoCloseable {

    /**
     * The connected data socket, once the server answered the transfer command with 1xx: an
     * active connection waits here for the server to connect, within the timeout.
     *
     * @return the socket, with the request's timeouts
     * @throws IOException if it cannot be had in time
     */
    TcpSocket socket() throws IOException;

    /** Closes the socket, and a listener if there is one. */
    @Override
    void close();
}

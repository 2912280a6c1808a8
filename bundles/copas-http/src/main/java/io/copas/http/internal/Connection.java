package io.copas.http.internal;

import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.core.TransferTimeoutException;
import java.io.IOException;
import java.time.Duration;

/** One open connection to an origin, with its receiving buffer and use count. */
final class Connection {

    final Origin origin;
    final TcpSocket socket;
    final Wire wire;
    long idleSince;
    int requests;

    Connection(Origin origin, TcpSocket socket) {
        this.origin = origin;
        this.socket = socket;
        this.wire = new Wire(socket);
    }

    /**
     * Whether an idle connection can no longer be used: closed by the server (or reset), or
     * holding bytes nobody asked for. Looks without waiting.
     */
    boolean isStale() {
        if (socket.isClosed() || wire.buffered() > 0) {
            return true;
        }
        socket.setTimeouts(null, null, Duration.ZERO);
        try {
            socket.receivePartial(ReceivePattern.ALL, null);
            return true; // data or the end of the stream: either way not a fresh request's reply
        } catch (TransferTimeoutException quiet) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return socket.name() + " to " + origin;
    }
}

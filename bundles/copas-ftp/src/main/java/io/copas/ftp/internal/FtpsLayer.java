package io.copas.ftp.internal;

import io.copas.core.TcpSocket;
import io.copas.tls.Tls;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;

/**
 * The only class that touches {@code io.copas.tls} (an optional module): it is used after
 * {@link TlsAvailability#require} succeeded. The control connection's TLS session is reused on
 * every data connection (RFC 4217 section 10.2), which servers such as vsftpd with
 * {@code require_ssl_reuse} insist on: the data connections' engines are created under the
 * control connection's host and port, where the JDK caches the session.
 */
final class FtpsLayer {

    private final TlsParameters control;
    private final TlsParameters data;
    private final String host;

    /**
     * @param parameters  the user's parameters, or {@code null} for the defaults
     * @param host        the server's name as the user gave it: sent as SNI and verified, unless
     *                    the parameters name another
     * @param controlPort the control connection's port
     */
    FtpsLayer(TlsParameters parameters, String host, int controlPort) {
        this.control = parameters == null ? TlsParameters.defaults() : parameters;
        this.data = control.withSessionPort(controlPort);
        this.host = host;
    }

    /** Completes a client handshake on the control connection. */
    TcpSocket secureControl(TcpSocket plain) throws IOException {
        return handshake(Tls.wrap(plain, control));
    }

    /** Completes a client handshake on a data connection, resuming the control connection's session. */
    TcpSocket secureData(TcpSocket plain) throws IOException {
        return handshake(Tls.wrap(plain, data));
    }

    private TcpSocket handshake(TlsSocket tls) throws IOException {
        if (control.serverName() == null) { // a name in the parameters wins, as in the http and smtp clients
            tls.setServerName(host);
        }
        try {
            tls.handshake();
            return tls;
        } catch (Throwable e) { // a removal while it waits (TaskRemovedError) too: never leak the socket
            tls.close();
            throw e;
        }
    }
}

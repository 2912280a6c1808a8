package io.copas.ftp.internal;

import io.copas.core.TcpSocket;
import io.copas.ftp.FtpException;
import io.copas.ftp.FtpReply;
import io.copas.tls.PlainTextPeerException;
import io.copas.tls.Tls;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only class that touches {@code io.copas.tls} (an optional module): it is used after
 * {@link TlsAvailability#require} succeeded. The control connection's TLS session is reused on
 * every data connection (RFC 4217 section 10.2), which vsftpd ({@code require_ssl_reuse}) and
 * ProFTPD (mod_tls) insist on by default. The JDK caches client sessions under the engine's host
 * and port; the control and data engines of one session are created under a slot of that cache
 * of their own (a "port" above 65535), so a data connection resumes its own control
 * connection's session, never that of another request to the same server (with TLS 1.3 the JDK
 * queues several tickets under one host and port and hands them out in turn).
 */
final class FtpsLayer {

    /** The next private cache slot; above every real port. */
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    /** The user's parameters in the session's own cache slot, for the control and data connections. */
    private final TlsParameters parameters;
    private final String host;

    /**
     * @param parameters  the user's parameters, or {@code null} for the defaults
     * @param host        the server's name as the user gave it: sent as SNI and verified, unless
     *                    the parameters name another
     */
    FtpsLayer(TlsParameters parameters, String host) {
        TlsParameters given = parameters == null ? TlsParameters.defaults() : parameters;
        int slot = 65_536 + (NEXT_SLOT.getAndIncrement() & 0x3fff_ffff);
        this.parameters = given.withSessionPort(slot);
        this.host = host;
    }

    /**
     * Completes a client handshake on the control connection. A server that refuses in clear
     * instead (an implicit-FTPS port over its connection limit: "421 Too many users") has given
     * its answer, and that is the failure.
     */
    TcpSocket secureControl(TcpSocket plain) throws IOException {
        try {
            return handshake(Tls.wrap(plain, parameters));
        } catch (PlainTextPeerException e) {
            if (e.refusalCode() < 0) {
                throw e; // plain text, but no refusal: a server that speaks no TLS on this port
            }
            FtpException refused = new FtpException("TLS handshake with " + host + " (refused in plain text)",
                    new FtpReply(e.refusalCode(), List.of(e.refusalText())));
            refused.initCause(e);
            throw refused;
        }
    }

    /** Completes a client handshake on a data connection, resuming the control connection's session. */
    TcpSocket secureData(TcpSocket plain) throws IOException {
        return handshake(Tls.wrap(plain, parameters));
    }

    private TcpSocket handshake(TlsSocket tls) throws IOException {
        if (parameters.serverName() == null) { // a name in the parameters wins, as in the http and smtp clients
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

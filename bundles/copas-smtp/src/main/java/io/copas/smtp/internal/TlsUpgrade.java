package io.copas.smtp.internal;

import io.copas.core.TcpSocket;
import io.copas.smtp.SmtpException;
import io.copas.tls.PlainTextPeerException;
import io.copas.tls.Tls;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;

/**
 * The TLS handshake of implicit TLS and STARTTLS. The only class linked against
 * {@code io.copas.tls}: use it only after {@link TlsSupport#available()}.
 */
final class TlsUpgrade {

    private TlsUpgrade() {
    }

    /**
     * Performs a client handshake over a connected socket. Unless the parameters name a server,
     * {@code host} is sent as SNI and verified against the certificate (an address literal is
     * verified against the certificate's IP addresses).
     *
     * @param plain      the connected plain socket
     * @param parameters the TLS parameters, or {@code null} for the defaults
     * @param host       the server as the user named it
     * @param command    what the handshake is part of, for a refusal ({@code connect} for implicit
     *                   TLS, {@code STARTTLS})
     * @return the TLS socket
     * @throws SmtpException if the server refused in plain text instead (Exim over its connection
     *                       limit answers 421 in clear on its implicit-TLS port): its code tells a
     *                       transient refusal from a permanent one
     * @throws IOException   if the handshake fails otherwise (the socket is then closed)
     */
    static TcpSocket handshake(TcpSocket plain, Object parameters, String host, String command) throws IOException {
        TlsParameters params = parameters == null ? TlsParameters.defaults() : (TlsParameters) parameters;
        TlsSocket tls = Tls.wrap(plain, params);
        if (params.serverName() == null && !isAddressLiteral(host)) {
            tls.setServerName(host);
        }
        try {
            tls.handshake();
        } catch (PlainTextPeerException e) {
            if (e.refusalCode() < 0) {
                throw e; // plain text, but no refusal: a server that speaks no TLS on this port
            }
            SmtpException refused = new SmtpException(command, e.refusalCode(), e.refusalText(),
                    command + " failed: the server refused in plain text instead of a TLS handshake: " + e.peerText());
            refused.initCause(e);
            throw refused;
        }
        return tls;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}

package io.copas.smtp.internal;

import io.copas.core.TcpSocket;
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
     * @return the TLS socket
     * @throws IOException if the handshake fails (the socket is then closed)
     */
    static TcpSocket handshake(TcpSocket plain, Object parameters, String host) throws IOException {
        TlsParameters params = parameters == null ? TlsParameters.defaults() : (TlsParameters) parameters;
        TlsSocket tls = Tls.wrap(plain, params);
        if (params.serverName() == null && !isAddressLiteral(host)) {
            tls.setServerName(host);
        }
        tls.handshake();
        return tls;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}

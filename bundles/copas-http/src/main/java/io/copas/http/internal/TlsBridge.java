package io.copas.http.internal;

import io.copas.core.TcpSocket;
import io.copas.http.Timeouts;
import io.copas.tls.Tls;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;

/**
 * The only class that names {@code io.copas.tls} types; loaded only after {@link TlsSupport}
 * found the module, so plain http never needs it.
 */
final class TlsBridge {

    private TlsBridge() {
    }

    /**
     * Performs a client handshake over a connected socket (direct, or a proxy tunnel): SNI and the
     * verified name are {@code host} unless the parameters name one; an address literal is
     * verified against the certificate's IP addresses and sent no SNI.
     *
     * @param params the parameters, or {@code null} for the secure defaults
     */
    static TcpSocket handshake(TcpSocket plain, String host, Object params, Timeouts timeouts) throws IOException {
        TlsParameters p = params == null ? TlsParameters.defaults() : (TlsParameters) params;
        TlsSocket tls = Tls.wrap(plain, p);
        if (p.serverName() == null && !isAddressLiteral(host)) {
            tls.setServerName(host);
        }
        tls.setTimeouts(timeouts.connect(), timeouts.send(), timeouts.receive());
        tls.handshake();
        return tls;
    }

    static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}

package io.copas.http.internal;

import io.copas.core.Scheduler;
import io.copas.core.TcpSocket;
import io.copas.http.HttpException;
import io.copas.http.HttpProtocolException;
import io.copas.http.HttpRequest;
import io.copas.http.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Opens connections: the plain socket (the request's factory, or the scheduler's), the connect
 * (to the origin, or to the proxy), a {@code CONNECT} tunnel for https through a proxy, then the
 * TLS handshake for https.
 */
final class Connector {

    private Connector() {
    }

    static Connection open(Scheduler scheduler, Origin origin, HttpRequest request) throws IOException {
        Timeouts t = request.timeouts();
        TcpSocket plain = request.socketFactory() == null ? scheduler.tcp() : request.socketFactory().create(scheduler);
        try {
            plain.setTimeouts(t.connect(), t.send(), t.receive());
            if (origin.proxy == null) {
                plain.connect(origin.connectHost(), origin.port);
            } else {
                plain.connect(Origin.unbracket(Syntax.host(origin.proxy)), origin.proxyPort());
            }
            TcpSocket socket = plain;
            if (origin.https) {
                if (origin.proxy != null) {
                    tunnel(plain, origin, t, request.headers().firstValue("Proxy-Authorization").orElse(null));
                }
                socket = TlsBridge.handshake(plain, origin.connectHost(), origin.tls, t);
            }
            return new Connection(origin, socket);
        } catch (Throwable e) { // a task removed while it connects (TaskRemovedError) too: never leak the socket
            plain.close();
            throw e;
        }
    }

    /**
     * Asks the proxy for a tunnel to the origin; any 2xx opens it. A Proxy-Authorization header of
     * the request's own is the proxy's, so it goes here (never through the tunnel to the origin);
     * else the proxy URL's credentials.
     */
    private static void tunnel(TcpSocket plain, Origin origin, Timeouts t, String requestProxyAuth) throws IOException {
        StringBuilder head = new StringBuilder(128)
                .append("CONNECT ").append(origin.host).append(':').append(origin.port).append(" HTTP/1.1\r\n")
                .append("Host: ").append(origin.host).append(':').append(origin.port).append("\r\n");
        String auth = requestProxyAuth != null ? requestProxyAuth : RequestWriter.basicAuth(origin.proxy);
        if (auth != null) {
            head.append("Proxy-Authorization: ").append(auth).append("\r\n");
        }
        plain.send(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        Wire wire = new Wire(plain);
        wire.receiveTimeout(t.connect());
        ResponseHead reply = HeadReader.read(wire, t.connect());
        if (reply.code() / 100 != 2) {
            throw new HttpException("proxy " + Syntax.host(origin.proxy) + ":" + origin.proxyPort()
                    + " refused the tunnel to " + origin.host + ":" + origin.port + ": " + reply.statusLine());
        }
        if (wire.buffered() > 0) {
            throw new HttpProtocolException("proxy sent data before the TLS handshake of the tunnel to " + origin);
        }
    }
}

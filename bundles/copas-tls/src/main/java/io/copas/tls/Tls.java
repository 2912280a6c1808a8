package io.copas.tls;

import io.copas.core.ConnectionHandler;
import io.copas.core.Copas;
import io.copas.core.SocketLayer;
import io.copas.core.TcpSocket;
import io.copas.tls.internal.TlsSocketImpl;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Entry points of the TLS bundle, as Copas' {@code copas.wrap(skt, sslparams)},
 * {@code copas.handler(fn, sslparams)} and {@code copas.dohandshake(skt, sslparams)}.
 *
 * <pre>{@code
 * // client, inside a task
 * try (TlsSocket s = Tls.connect("example.org", 443, TlsParameters.defaults())) { ... }
 * // server
 * scheduler.addServer(channel, Tls.handler(socket -> { ... }, serverParameters));
 * }</pre>
 */
public final class Tls {

    private Tls() {
    }

    /**
     * Wraps a plain socket as the client side of a TLS connection ({@code copas.wrap(skt,
     * sslparams)}): {@code connect} then performs the handshake; on a socket already connected,
     * call {@link TlsSocket#handshake()} (or any operation does it). No I/O happens here.
     *
     * @param socket the plain socket, of the caller's scheduler
     * @param params the TLS parameters
     * @return the TLS socket
     */
    public static TlsSocket wrap(TcpSocket socket, TlsParameters params) {
        return new TlsSocketImpl(Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(params, "params"), true);
    }

    /**
     * Wraps an accepted socket as the server side of a TLS connection; the handshake runs on
     * {@link TlsSocket#handshake()} or the first operation. {@link #handler} does this for you.
     *
     * @param socket the accepted plain socket
     * @param params the TLS parameters, with the server's identity
     * @return the TLS socket
     */
    public static TlsSocket wrapServer(TcpSocket socket, TlsParameters params) {
        return new TlsSocketImpl(Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(params, "params"), false);
    }

    /**
     * Connects to {@code host:port} and performs the handshake, from inside a task. SNI and the
     * verified host name are {@code host}, unless the parameters name another. The host name
     * lookup blocks, as in Copas.
     *
     * @param host   the host name (or address literal)
     * @param port   the port
     * @param params the TLS parameters
     * @return the connected TLS socket
     * @throws IOException if the connection or the handshake fails (the socket is then closed)
     */
    public static TlsSocket connect(String host, int port, TlsParameters params) throws IOException {
        return connect(host, port, params, null);
    }

    /**
     * As {@link #connect(String, int, TlsParameters)}, with the socket's timeouts set to
     * {@code timeout} first (so the connect and the whole handshake are bounded by it).
     *
     * @param host    the host name (or address literal)
     * @param port    the port
     * @param params  the TLS parameters
     * @param timeout the timeout, or {@code null} for none
     * @return the connected TLS socket
     * @throws IOException if the connection or the handshake fails (the socket is then closed)
     */
    public static TlsSocket connect(String host, int port, TlsParameters params, Duration timeout) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(params, "params");
        if (Copas.currentTask().isEmpty()) { // the core would name only its own call, Copas.scheduler()
            throw new IllegalStateException("Tls.connect() must be called from a Copas task");
        }
        TlsSocket socket = wrap(Copas.scheduler().tcp(), params);
        socket.setTimeout(timeout);
        try {
            socket.connect(host, port);
            return socket;
        } catch (Throwable e) { // a removal while it waits (TaskRemovedError) too: never leak the socket
            socket.close();
            throw e;
        }
    }

    /**
     * Performs a client handshake on an already connected plain socket
     * ({@code copas.dohandshake(skt, sslparams)} with {@code mode = "client"}); SNI and the
     * verified name come from the parameters' server name, else the peer's address.
     *
     * @param socket a connected plain socket
     * @param params the TLS parameters
     * @return the TLS socket, handshake done
     * @throws IOException if the handshake fails (the socket is then closed)
     */
    public static TlsSocket handshake(TcpSocket socket, TlsParameters params) throws IOException {
        TlsSocket tls = wrap(socket, params);
        tls.handshake();
        return tls;
    }

    /**
     * Performs the server side handshake on an accepted plain socket
     * ({@code copas.dohandshake(skt, sslparams)} with {@code mode = "server"}), for a handler
     * that decides itself when to turn TLS on (after a STARTTLS command, say). The handshake is
     * bounded by {@link TlsParameters#handshakeTimeout()} and the socket's connect timeout.
     *
     * @param socket an accepted plain socket
     * @param params the TLS parameters, with the server's identity
     * @return the TLS socket, handshake done
     * @throws IOException if the handshake fails or times out (the socket is then closed)
     */
    public static TlsSocket handshakeServer(TcpSocket socket, TlsParameters params) throws IOException {
        TlsSocket tls = wrapServer(socket, params);
        tls.handshake();
        return tls;
    }

    /**
     * A server connection handler that completes the handshake, then calls {@code handler}
     * ({@code copas.handler(fn, sslparams)}). When the scheduler's autoclose is on (checked when
     * the connection starts) and the handler returns, the TLS socket is closed with a
     * {@code close_notify}. When the handler throws, the socket stays open until the core has
     * reported the error to the task's error handler, then the core closes it, as for plain
     * sockets; without a {@code close_notify}, so the peer learns the data may be incomplete. A
     * failed handshake closes the connection and goes to the error handler as an
     * {@link javax.net.ssl.SSLException} (or a timeout) naming the peer. The handshake is bounded
     * by {@link TlsParameters#handshakeTimeout()} (and the server's socket timeout, if shorter),
     * so a client that connects and stays silent does not hold a task and a socket for ever.
     *
     * @param handler the user's handler
     * @param params  the TLS parameters, with the server's identity
     * @return the handler to give to {@link io.copas.core.Scheduler#addServer}
     */
    public static ConnectionHandler handler(TlsConnectionHandler handler, TlsParameters params) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(params, "params");
        return socket -> {
            boolean autoclose = socket.scheduler().autoclose();
            TlsSocket tls = handshakeServer(socket, params);
            handler.handle(tls);
            if (autoclose) {
                tls.close();
            }
        };
    }

    /**
     * The server side TLS handshake as a {@link SocketLayer}, for
     * {@link ConnectionHandler#wrap(ConnectionHandler, SocketLayer)}. Prefer {@link #handler}:
     * the core's autoclose closes only the plain socket, without a {@code close_notify}.
     *
     * @param params the TLS parameters, with the server's identity
     * @return the layer; it returns a {@link TlsSocket} with its handshake done
     */
    public static SocketLayer layer(TlsParameters params) {
        Objects.requireNonNull(params, "params");
        return socket -> handshakeServer(socket, params);
    }
}

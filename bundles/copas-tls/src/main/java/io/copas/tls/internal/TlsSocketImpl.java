package io.copas.tls.internal;

import io.copas.core.ReceivePattern;
import io.copas.core.ShutdownMode;
import io.copas.core.Task;
import io.copas.core.TcpSocket;
import io.copas.core.TransferTimeoutException;
import io.copas.core.spi.SocketArguments;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection over a plain Copas socket, driven by an {@link SSLEngine}: the API face. The
 * work is done by the parts around the connection's {@link TlsState} (read it for the rule that
 * keeps them lock-free): {@link Handshaker}, {@link InboundPump}, {@link OutboundPump},
 * {@link Closer}; names, addresses and options go to the plain socket ({@link PlainSocketForwarder}).
 */
public final class TlsSocketImpl extends PlainSocketForwarder implements TlsSocket {

    private final TlsState s;

    /**
     * Wraps {@code plain}; no I/O happens until the first operation.
     *
     * @param plain  the plain socket, connected or (client) not yet
     * @param params the TLS parameters
     * @param client whether this is the client side
     */
    public TlsSocketImpl(TcpSocket plain, TlsParameters params, boolean client) {
        super(plain);
        this.s = new TlsState(plain, params, client);
        noDelay(plain);
    }

    /**
     * Turns Nagle's algorithm off, as Netty's and Jetty's TLS connectors do: this layer writes
     * whole records, and with Nagle on, a handshake's second small write (TLS 1.2's last flight,
     * TLS 1.3's first reply after the session ticket) waited for the peer's delayed ACK, about
     * 40 ms per new connection. A user may turn it on again on the plain socket.
     */
    private void noDelay(TcpSocket plain) {
        try {
            plain.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | UnsupportedOperationException e) {
            TlsState.LOG.log(System.Logger.Level.DEBUG, () -> "'" + plain.name() + "': TCP_NODELAY not set: " + e);
        }
    }

    // ---------------------------------------------------------------- connect and handshake

    @Override
    public void connect(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        requireClient("connect");
        s.requireTask("connect()");
        plain.setTimeouts(TlsState.orForever(s.connectTimeout), null, null);
        plain.connect(address);
        s.handshaker.setConnectHost(address instanceof InetSocketAddress inet ? inet.getHostString() : null);
        handshake();
    }

    @Override
    public void connect(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        requireClient("connect");
        s.requireTask("connect()");
        plain.setTimeouts(TlsState.orForever(s.connectTimeout), null, null);
        plain.connect(host, port);
        s.handshaker.setConnectHost(host);
        handshake();
    }

    @Override
    public void handshake() throws IOException {
        s.handshaker.handshake(s.requireTask("handshake()"));
    }

    // ---------------------------------------------------------------- send and receive

    @Override
    public int send(byte[] data, int from, int to) throws IOException {
        SocketArguments.checkRange(data, from, to);
        TurnLine.Taken turn = takeSendingTurn(from);
        try {
            handshake();
            return s.outbound.send(data, from, to); // fair already: its records go out through the plain socket's sends
        } finally {
            s.sending.leave(turn);
        }
    }

    /**
     * Sends what {@code src} has left as one operation: a buffer without an accessible array goes
     * out in chunks, and no other task's send may come between them.
     */
    @Override
    public int send(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        TurnLine.Taken turn = takeSendingTurn(-1);
        try {
            return TlsSocket.super.send(src);
        } finally {
            s.sending.leave(turn);
        }
    }

    private TurnLine.Taken takeSendingTurn(int lastIndex) throws IOException {
        TurnLine.Taken turn = s.sending.take(s.requireTask("send()"), s.sendTimeout, s, lastIndex);
        if (turn == TurnLine.Taken.TIMED_OUT) {
            throw new TransferTimeoutException("send on '" + name() + "' to " + s.peer
                    + " timed out waiting in line behind task '" + s.sending.holder().name() + "'", null, lastIndex);
        }
        return turn;
    }

    @Override
    public byte[] receive(ReceivePattern pattern, byte[] prefix) throws IOException {
        return receive(pattern, prefix, false);
    }

    @Override
    public byte[] receivePartial(ReceivePattern pattern, byte[] prefix) throws IOException {
        return receive(pattern, prefix, true);
    }

    private byte[] receive(ReceivePattern pattern, byte[] prefix, boolean partial) throws IOException {
        Objects.requireNonNull(pattern, "pattern");
        Task me = s.requireTask("receive()");
        TurnLine.Taken turn = s.receiving.take(me, s.receiveTimeout, s, -1);
        if (turn == TurnLine.Taken.TIMED_OUT) {
            throw new TransferTimeoutException("receive on '" + name() + "' from " + s.peer
                    + " timed out waiting in line behind task '" + s.receiving.holder().name() + "'",
                    prefix == null ? new byte[0] : prefix.clone(), -1);
        }
        try {
            handshake();
            return s.inbound.receive(pattern, prefix, partial);
        } finally {
            s.receiving.leave(turn);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        s.closer.close();
    }

    @Override
    public void shutdown(ShutdownMode how) throws IOException {
        Objects.requireNonNull(how, "how");
        s.closer.shutdown(how);
    }

    @Override
    public boolean isConnected() {
        return !s.closed && plain.isConnected();
    }

    @Override
    public void setReceiveLimit(int limit) {
        s.plain.setReceiveLimit(limit); // one limit for the connection, kept by the plain socket
    }

    @Override
    public int receiveLimit() {
        return s.plain.receiveLimit();
    }

    @Override
    public boolean isClosed() {
        return s.isClosed();
    }

    // ---------------------------------------------------------------- timeouts (the TLS socket's own)

    @Override
    public void setTimeout(Duration timeout) {
        Duration t = SocketArguments.timeout(timeout);
        s.connectTimeout = t;
        s.sendTimeout = t;
        s.receiveTimeout = t;
    }

    @Override
    public void setTimeouts(Duration connect, Duration send, Duration receive) {
        if (connect != null) {
            s.connectTimeout = SocketArguments.timeout(connect);
        }
        if (send != null) {
            s.sendTimeout = SocketArguments.timeout(send);
        }
        if (receive != null) {
            s.receiveTimeout = SocketArguments.timeout(receive);
        }
    }

    @Override
    public Duration connectTimeout() {
        return s.connectTimeout;
    }

    @Override
    public Duration sendTimeout() {
        return s.sendTimeout;
    }

    @Override
    public Duration receiveTimeout() {
        return s.receiveTimeout;
    }

    // ---------------------------------------------------------------- TLS information

    @Override
    public boolean isHandshakeDone() {
        return s.handshakeDone;
    }

    @Override
    public boolean isClientMode() {
        return s.client;
    }

    @Override
    public void setServerName(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        if (hostName.isBlank()) {
            throw new IllegalArgumentException("hostName must not be blank");
        }
        requireClient("setServerName");
        s.handshaker.setServerName(hostName);
    }

    @Override
    public Optional<String> serverName() {
        if (s.client) {
            return Optional.ofNullable(s.handshaker.sentName());
        }
        if (s.engine == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(SniKeyManager.requestedName(
                s.handshakeDone ? s.engine.getSession() : s.engine.getHandshakeSession()));
    }

    @Override
    public Optional<String> applicationProtocol() {
        if (s.engine == null || !s.handshakeDone) {
            return Optional.empty();
        }
        String protocol = s.engine.getApplicationProtocol();
        return protocol == null || protocol.isEmpty() ? Optional.empty() : Optional.of(protocol);
    }

    @Override
    public SSLSession session() {
        if (!s.handshakeDone) {
            throw new IllegalStateException("the TLS handshake of socket '" + name() + "' is not done");
        }
        return s.engine.getSession();
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        SSLSession session = session();
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    @Override
    public TcpSocket plainSocket() {
        return plain;
    }

    @Override
    public String toString() {
        return "TlsSocket[" + name() + ", " + (s.client ? "client" : "server") + ", " + s.peer
                + (isClosed() ? ", closed" : "") + "]";
    }

    private void requireClient(String operation) {
        if (!s.client) {
            throw new IllegalStateException("socket '" + name() + "' is the server side of a TLS connection: no " + operation);
        }
    }
}

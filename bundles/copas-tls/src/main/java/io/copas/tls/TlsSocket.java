package io.copas.tls;

import io.copas.core.TcpSocket;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A TLS connection over a Copas {@link TcpSocket}: a LuaSec socket wrapped by Copas.
 *
 * <p>It behaves as a plain Copas socket: receive patterns, partial receives, timeouts,
 * fairness, and {@link #close()} waking blocked tasks (a woken receiver gets its partial data).
 * The whole handshake is bounded by the connect timeout and by
 * {@link TlsParameters#handshakeTimeout()}, whichever is shorter. One task may receive while another sends. {@link #close()} sends a {@code close_notify}
 * first; a peer's {@code close_notify} is a clean end of stream. A peer that closes the TCP
 * connection without {@code close_notify} may have truncated the data: every receive then fails
 * with a {@link io.copas.core.TransferClosedException} whose cause is an
 * {@link javax.net.ssl.SSLException}, even for {@link io.copas.core.ReceivePattern#ALL}.
 *
 * <p>A TLS failure (handshake refused, bad record, alert from the peer, an error of the engine
 * itself) is thrown as a {@link javax.net.ssl.SSLException} naming the peer, and the socket is
 * closed. So is a peer that makes this side queue more than 256 KiB of records it never reads
 * (answers to key update requests, say), and, on a TLS 1.2 server, a client that asks for a
 * renegotiation: it is refused.
 */
@ProviderType
public interface TlsSocket extends TcpSocket {

    /**
     * Performs the handshake now ({@code sock:dohandshake}); does nothing once it is done. The
     * other operations perform it themselves when needed; a client socket does it in
     * {@code connect}. A failure closes the socket.
     *
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails, naming the peer
     * @throws io.copas.core.TransferTimeoutException if the handshake deadline (the connect
     *                                                timeout or the parameters' handshake
     *                                                timeout, the shorter) expires first
     * @throws IOException on other failures
     */
    void handshake() throws IOException;

    /**
     * Whether the handshake completed.
     *
     * @return {@code true} once done
     */
    boolean isHandshakeDone();

    /**
     * Whether this is the client side of the connection.
     *
     * @return {@code true} for a client
     */
    boolean isClientMode();

    /**
     * Client side, before the handshake ({@code sock:sni(name)}): the host name sent as SNI and
     * verified against the server's certificate, instead of the name given to {@code connect}.
     *
     * @param hostName a DNS host name
     * @throws IllegalArgumentException if {@code hostName} is blank
     * @throws IllegalStateException    on a server socket or after the handshake started
     */
    void setServerName(String hostName);

    /**
     * The SNI host name ({@code getsniname}): on a server, the name the client asked for; on a
     * client, the name it sent.
     *
     * @return the name, or empty if none was sent
     */
    Optional<String> serverName();

    /**
     * The protocol chosen by ALPN ({@code getalpn}).
     *
     * @return the protocol, or empty if none was negotiated or the handshake is not done
     */
    Optional<String> applicationProtocol();

    /**
     * The TLS session.
     *
     * @return the session
     * @throws IllegalStateException before the handshake completed
     */
    SSLSession session();

    /**
     * The peer's certificate chain, its own certificate first.
     *
     * @return the chain, empty if the peer sent none
     * @throws IllegalStateException before the handshake completed
     */
    List<X509Certificate> peerCertificates();

    /**
     * The plain socket that carries the TLS records; do not read or write it directly.
     *
     * @return the underlying socket
     */
    TcpSocket plainSocket();
}

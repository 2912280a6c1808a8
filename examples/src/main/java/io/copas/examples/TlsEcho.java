package io.copas.examples;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.tls.Tls;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** The echo server again, over TLS, and a TLS client for it. */
public final class TlsEcho {

    private TlsEcho() {
    }

    /**
     * The server's parameters: its key and certificate chain.
     *
     * @param key   the server's private key
     * @param chain its certificate, then the issuers
     * @return the parameters
     */
    public static TlsParameters serverParameters(PrivateKey key, X509Certificate... chain) {
        // tag::tls-server-parameters[]
        return TlsParameters.builder()
                .identity(key, chain)                // or .keyStore(keyStore, password)
                .build();                            // TLS 1.3 and 1.2 only
        // end::tls-server-parameters[]
    }

    /**
     * The client's parameters: trust {@code root} and expect the name {@code localhost}.
     *
     * @param root the certificate that signed the server's
     * @return the parameters
     */
    public static TlsParameters clientParameters(X509Certificate root) {
        // tag::tls-client-parameters[]
        return TlsParameters.builder()
                .trustCertificates(root)             // TlsParameters.defaults(): the JDK's trust store
                .serverName("localhost")             // SNI, and the name the certificate must carry
                .build();                            // chain and host name verified by default
        // end::tls-client-parameters[]
    }

    /**
     * Adds a TLS echo server on 127.0.0.1 to {@code scheduler}.
     *
     * @param scheduler the scheduler that runs it
     * @param params    the server's parameters
     * @return the server
     * @throws IOException if no port can be bound
     */
    public static Server start(Scheduler scheduler, TlsParameters params) throws IOException {
        // tag::tls-server[]
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        return scheduler.addServer(channel, Tls.handler(tls -> {   // handshake done before the call
            tls.send(tls.receiveLine() + "\n");
        }, params), Duration.ofSeconds(30), "tls-echo");
        // end::tls-server[]
    }

    /**
     * Sends one line over TLS and returns the answer with the protocol. Call it from a task.
     *
     * @param port   the server's port on 127.0.0.1
     * @param params the client's parameters
     * @param line   the line to send
     * @return the echoed line and the protocol
     * @throws IOException if the handshake or the exchange fails
     */
    public static String echo(int port, TlsParameters params, String line) throws IOException {
        // tag::tls-client[]
        try (TlsSocket tls = Tls.connect("127.0.0.1", port, params, Duration.ofSeconds(10))) {
            tls.send(line + "\n");
            return tls.receiveLine() + " over " + tls.session().getProtocol();
        }
        // end::tls-client[]
    }
}

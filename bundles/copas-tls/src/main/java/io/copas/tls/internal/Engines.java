package io.copas.tls.internal;

import io.copas.tls.TlsParameters;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Makes an {@link SSLEngine} configured from {@link TlsParameters} for one side of a connection. */
final class Engines {

    private static final System.Logger LOG = System.getLogger("io.copas.tls");

    private Engines() {
    }

    /**
     * A client engine.
     *
     * @param params the parameters
     * @param host   the name to send as SNI and to verify, or an address literal, or {@code null}
     * @param port   the peer's port, or -1
     * @return the engine, in client mode
     */
    static SSLEngine client(TlsParameters params, String host, int port) {
        // the JDK caches client sessions under the engine's host and port: a session port lets
        // a connection to another port resume (FTPS data connections)
        int cachePort = params.sessionPort() >= 0 ? params.sessionPort() : port;
        SSLEngine engine = host == null ? params.sslContext().createSSLEngine()
                : params.sslContext().createSSLEngine(host, cachePort);
        engine.setUseClientMode(true);
        SSLParameters p = common(engine, params);
        if (params.verifyHostname() && params.verifyCertificates()) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 host name check, done by the trust manager
        }
        if (host != null && !isAddressLiteral(host)) {
            // the JDK only sends SNI for names with a dot: send it for every host name (e.g. localhost)
            try {
                p.setServerNames(List.<SNIServerName>of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "no SNI for host name '" + host + "': " + e.getMessage());
            }
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /**
     * A server engine.
     *
     * @param params the parameters
     * @return the engine, in server mode
     */
    static SSLEngine server(TlsParameters params) {
        SSLEngine engine = params.sslContext().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = common(engine, params);
        switch (params.clientAuth()) {
            case NEED -> p.setNeedClientAuth(true);
            case WANT -> p.setWantClientAuth(true);
            case NONE -> p.setNeedClientAuth(false);
        }
        if (params.strictSni()) {
            String names = params.sniNames().stream().map(Pattern::quote).collect(Collectors.joining("|"));
            p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("(?i)(" + names + ")")));
        }
        engine.setSSLParameters(p);
        return engine;
    }

    private static SSLParameters common(SSLEngine engine, TlsParameters params) {
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(params.protocols().toArray(new String[0]));
        if (!params.cipherSuites().isEmpty()) {
            p.setCipherSuites(params.cipherSuites().toArray(new String[0]));
        }
        if (!params.applicationProtocols().isEmpty()) {
            p.setApplicationProtocols(params.applicationProtocols().toArray(new String[0]));
        }
        return p;
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal rather than a name. */
    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}

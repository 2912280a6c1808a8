package io.copas.tls;

import io.copas.tls.internal.KeyMaterial;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * What a TLS connection uses (LuaSec's {@code sslparams}): built either around an
 * {@link SSLContext} or from simple settings (key store, trust store, protocols, cipher suites,
 * client authentication, SNI, ALPN, verification). Immutable and shareable between connections
 * and schedulers.
 *
 * <p>Secure by default: TLS 1.3 and 1.2 only; a client verifies the server's certificate
 * against the JDK's trust store (or the one given) and the host name against the certificate.
 * Turning a verification off takes an explicit call and is logged once, as a warning, when the
 * parameters are built.
 *
 * <p>Client-only settings ({@link Builder#serverName}, {@link Builder#verifyHostname}) are
 * ignored by servers, server-only ones ({@link Builder#clientAuth}, {@link Builder#sniIdentity},
 * {@link Builder#strictSni}) by clients.
 */
public final class TlsParameters {

    private static final System.Logger LOG = System.getLogger("io.copas.tls");
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Long enough for a slow peer across the world, short enough that silent peers do not pile up. */
    private static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    private final SSLContext context;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final ClientAuth clientAuth;
    private final List<String> applicationProtocols;
    private final String serverName;
    private final boolean verifyCertificates;
    private final boolean verifyHostname;
    private final Set<String> sniNames;
    private final boolean strictSni;
    private final Duration handshakeTimeout;
    private final int sessionPort;

    private TlsParameters(Builder b, SSLContext context) {
        this.context = context;
        this.protocols = b.protocols;
        this.cipherSuites = b.cipherSuites;
        this.clientAuth = b.clientAuth;
        this.applicationProtocols = b.applicationProtocols;
        this.serverName = b.serverName;
        this.verifyCertificates = b.verifyCertificates;
        this.verifyHostname = b.verifyHostname;
        this.sniNames = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(b.sniIdentities.keySet()));
        this.strictSni = b.strictSni;
        this.handshakeTimeout = b.handshakeTimeout;
        this.sessionPort = -1;
    }

    private TlsParameters(TlsParameters original, int sessionPort) {
        this.context = original.context;
        this.protocols = original.protocols;
        this.cipherSuites = original.cipherSuites;
        this.clientAuth = original.clientAuth;
        this.applicationProtocols = original.applicationProtocols;
        this.serverName = original.serverName;
        this.verifyCertificates = original.verifyCertificates;
        this.verifyHostname = original.verifyHostname;
        this.sniNames = original.sniNames;
        this.strictSni = original.strictSni;
        this.handshakeTimeout = original.handshakeTimeout;
        this.sessionPort = sessionPort;
    }

    /**
     * Client parameters with every default: the JDK's trust store, TLS 1.3 and 1.2, full
     * verification.
     *
     * @return the parameters
     */
    public static TlsParameters defaults() {
        return builder().build();
    }

    /**
     * Starts building parameters.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The context that makes the engines.
     *
     * @return the context
     */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * The enabled protocols, most preferred first.
     *
     * @return the protocol names
     */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * The enabled cipher suites.
     *
     * @return the suite names, empty for the JDK's defaults
     */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * Whether a server asks for client certificates.
     *
     * @return the setting
     */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * The ALPN protocols offered (client) or accepted (server), most preferred first.
     *
     * @return the protocol names, empty for no ALPN
     */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /**
     * The host name a client sends as SNI and verifies, instead of the one it connects to.
     *
     * @return the name, or {@code null} to use the connect host
     */
    public String serverName() {
        return serverName;
    }

    /**
     * Whether a client verifies the server's certificate chain.
     *
     * @return {@code true} unless turned off
     */
    public boolean verifyCertificates() {
        return verifyCertificates;
    }

    /**
     * Whether a client verifies the server's host name against its certificate.
     *
     * @return {@code true} unless turned off
     */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /**
     * The SNI host names a server has a certificate of its own for (lower case).
     *
     * @return the names
     */
    public Set<String> sniNames() {
        return sniNames;
    }

    /**
     * Whether a server refuses a client that asks for a host name not in {@link #sniNames()}.
     *
     * @return the setting
     */
    public boolean strictSni() {
        return strictSni;
    }

    /**
     * The longest a whole handshake may take, on either side, from its first step to its last
     * (20 seconds unless set). A socket's connect timeout, when shorter, bounds it too. This is
     * what frees a server's handler task and file descriptor from a client that connects and
     * stays silent.
     *
     * @return the limit, or {@code null} for none
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * A copy of these parameters whose client connections look up and store their TLS session
     * under {@code port} instead of the peer's real port. The JDK caches client sessions per
     * host and port, so a second connection to another port of the same server (an FTPS data
     * connection) then resumes the session of the connection to {@code port}, as servers that
     * require session reuse (vsftpd's {@code require_ssl_reuse}) demand. A value above 65535
     * names no real port: connections made with it share a slot of the cache that no other
     * connection uses, so they resume each other's sessions and nobody else's (the FTP client
     * gives each control connection such a slot). Nothing else changes, and no new warning is
     * logged.
     *
     * @param port the port of the connection whose session to reuse, or a private slot above
     *             65535; not negative
     * @return the copy
     * @throws IllegalArgumentException if {@code port} is negative
     */
    public TlsParameters withSessionPort(int port) {
        if (port < 0) {
            throw new IllegalArgumentException("port must not be negative, was " + port);
        }
        return new TlsParameters(this, port);
    }

    /**
     * The port client sessions are cached under (see {@link #withSessionPort(int)}).
     *
     * @return the port, or -1 for the peer's own port
     */
    public int sessionPort() {
        return sessionPort;
    }

    @Override
    public String toString() {
        return "TlsParameters[protocols=" + protocols + ", alpn=" + applicationProtocols + ", clientAuth=" + clientAuth
                + ", verifyCertificates=" + verifyCertificates + ", verifyHostname=" + verifyHostname
                + ", sni=" + sniNames + (strictSni ? " (strict)" : "") + "]";
    }

    /** Builds {@link TlsParameters}; each setter replaces the previous value. */
    public static final class Builder {

        private SSLContext sslContext;
        private X509ExtendedKeyManager identity;
        private final Map<String, X509ExtendedKeyManager> sniIdentities = new LinkedHashMap<>();
        private boolean strictSni;
        private KeyStore trustStore;
        private boolean trustStoreSet;
        private boolean verifyCertificates = true;
        private boolean verifyHostname = true;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private String serverName;
        private List<String> applicationProtocols = List.of();
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        Builder() {
        }

        /**
         * Uses a ready context; then the key and trust settings of this builder must stay unset.
         *
         * @param context the context, initialised
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * The own certificate and key: a client's certificate for mutual TLS, or a server's
         * certificate for clients that ask for no SNI name or (unless strict) an unknown one.
         *
         * @param keyStore the store with the private key entry (or entries)
         * @param password the key password
         * @return this builder
         * @throws IllegalArgumentException if the store holds no private key entry, or
         *                                  {@code password} does not open every one of them (the
         *                                  keys are read now, not at the first handshake)
         */
        public Builder keyStore(KeyStore keyStore, char[] password) {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
            this.identity = KeyMaterial.keyManager(keyStore, password, "keyStore");
            return this;
        }

        /**
         * The own certificate and key, given directly; see {@link #keyStore}.
         *
         * @param key   the private key
         * @param chain the certificate chain, own certificate first
         * @return this builder
         * @throws IllegalArgumentException if {@code chain} is empty
         */
        public Builder identity(PrivateKey key, X509Certificate... chain) {
            this.identity = KeyMaterial.keyManager(key, chain, "chain");
            return this;
        }

        /**
         * Server side: the certificate for clients that ask for {@code hostName} by SNI
         * ({@code sock:sni(names)} in LuaSec). The JDK does not resume sessions from tickets for
         * a certificate chosen by name (its own SNI key selection behaves the same): every TLS 1.3
         * connection to such a name, and every TLS 1.2 one whose client uses tickets, makes a
         * full handshake; the default identity's sessions resume.
         *
         * @param hostName the DNS name, matched ignoring case
         * @param key      the private key
         * @param chain    the certificate chain, own certificate first
         * @return this builder
         * @throws IllegalArgumentException if {@code hostName} is not a valid SNI host name or
         *                                  {@code chain} is empty
         */
        public Builder sniIdentity(String hostName, PrivateKey key, X509Certificate... chain) {
            Objects.requireNonNull(hostName, "hostName");
            try {
                new SNIHostName(hostName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hostName is not a valid SNI host name: '" + hostName + "'", e);
            }
            sniIdentities.put(hostName.toLowerCase(Locale.ROOT), KeyMaterial.keyManager(key, chain, "chain"));
            return this;
        }

        /**
         * Server side: refuse clients that ask for a host name without an
         * {@link #sniIdentity} (with an {@code unrecognized_name} alert) instead of answering with
         * the default certificate. Clients that ask for no name still get the default.
         *
         * @param strict whether to refuse
         * @return this builder
         */
        public Builder strictSni(boolean strict) {
            this.strictSni = strict;
            return this;
        }

        /**
         * The certificates trusted to sign the peer's chain: server certificates for a client,
         * client certificates for a server that asks for them. Without it the JDK's default trust
         * store is used.
         *
         * @param trustStore the store of trusted certificates
         * @return this builder
         */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            this.trustStoreSet = true;
            return this;
        }

        /**
         * Trusts exactly these certificates (root or intermediate CAs); see {@link #trustStore}.
         *
         * @param certificates the trusted certificates, at least one
         * @return this builder
         * @throws IllegalArgumentException if none is given
         */
        public Builder trustCertificates(X509Certificate... certificates) {
            return trustStore(KeyMaterial.trustStore(certificates, "certificates"));
        }

        /**
         * Turns verification of the peer's certificate chain on or off. Off accepts any
         * certificate, and so any man in the middle; it also skips the host name check. Logged
         * once as a warning.
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder verifyCertificates(boolean verify) {
            this.verifyCertificates = verify;
            return this;
        }

        /**
         * Client side: turns the check of the server's host name against its certificate on or
         * off. Logged once as a warning when off.
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * The protocols to enable, as JSSE names them ({@code "TLSv1.3"}, {@code "TLSv1.2"}).
         *
         * @param protocols at least one
         * @return this builder
         * @throws IllegalArgumentException if none is given (unsupported ones fail in {@link #build()})
         */
        public Builder protocols(String... protocols) {
            this.protocols = nonEmpty(protocols, "protocols");
            return this;
        }

        /**
         * The cipher suites to enable, as JSSE names them.
         *
         * @param suites at least one
         * @return this builder
         * @throws IllegalArgumentException if none is given (unsupported ones fail in {@link #build()})
         */
        public Builder cipherSuites(String... suites) {
            this.cipherSuites = nonEmpty(suites, "suites");
            return this;
        }

        /**
         * Server side: whether to ask clients for a certificate.
         *
         * @param clientAuth the setting
         * @return this builder
         */
        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /**
         * Client side: the host name to send as SNI and to verify, instead of the connect host
         * (useful when connecting to an address).
         *
         * @param hostName the name, or {@code null} for the connect host
         * @return this builder
         * @throws IllegalArgumentException if {@code hostName} is blank
         */
        public Builder serverName(String hostName) {
            if (hostName != null && hostName.isBlank()) {
                throw new IllegalArgumentException("hostName must not be blank");
            }
            this.serverName = hostName;
            return this;
        }

        /**
         * The ALPN protocols: offered by a client, accepted by a server (the server picks the
         * first of its own list that the client offers, and refuses a client that offers none of
         * them).
         *
         * @param protocols the names, most preferred first; none turns ALPN off
         * @return this builder
         * @throws IllegalArgumentException if a name is empty
         */
        public Builder applicationProtocols(String... protocols) {
            Objects.requireNonNull(protocols, "protocols");
            for (String p : protocols) {
                if (p == null || p.isEmpty()) {
                    throw new IllegalArgumentException("protocols must not contain an empty name");
                }
            }
            this.applicationProtocols = List.of(protocols);
            return this;
        }

        /**
         * The longest a whole handshake may take (see {@link TlsParameters#handshakeTimeout()});
         * 20 seconds by default.
         *
         * @param timeout the limit; {@code null} or negative for none (a silent peer then holds
         *                a server's handler task until the socket's own timeout, if any)
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero: no handshake could finish
         */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout != null && timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive (null or negative for none), was "
                        + timeout);
            }
            this.handshakeTimeout = timeout == null || timeout.isNegative() ? null : timeout;
            return this;
        }

        /**
         * Builds the parameters.
         *
         * @return the parameters
         * @throws IllegalArgumentException if a protocol or cipher suite is not supported, if
         *                                  {@link #sslContext} is combined with key or trust
         *                                  settings, or if strict SNI has no names
         */
        public TlsParameters build() {
            if (sslContext != null && (identity != null || !sniIdentities.isEmpty() || trustStoreSet
                    || !verifyCertificates)) {
                throw new IllegalArgumentException("sslContext cannot be combined with keyStore, identity, sniIdentity, "
                        + "trustStore or verifyCertificates(false): configure them in the context");
            }
            if (strictSni && sniIdentities.isEmpty()) {
                throw new IllegalArgumentException("strictSni needs at least one sniIdentity");
            }
            SSLContext context = sslContext;
            if (context == null) {
                TrustManager trust = verifyCertificates ? KeyMaterial.trustManager(trustStore) : KeyMaterial.trustAll();
                context = KeyMaterial.context(identity, sniIdentities, trust);
            }
            SSLParameters supported = context.getSupportedSSLParameters();
            checkSupported(protocols, supported.getProtocols(), "protocols");
            checkSupported(cipherSuites, supported.getCipherSuites(), "cipherSuites");
            if (!verifyCertificates) {
                LOG.log(System.Logger.Level.WARNING, "TLS certificate verification is OFF (verifyCertificates(false)):"
                        + " any certificate is accepted, so is any man in the middle");
            } else if (!verifyHostname) {
                LOG.log(System.Logger.Level.WARNING, "TLS host name verification is OFF (verifyHostname(false)):"
                        + " a valid certificate of any host is accepted");
            }
            return new TlsParameters(this, context);
        }

        @Override
        public String toString() {
            return "TlsParameters.Builder[protocols=" + protocols + ", alpn=" + applicationProtocols + "]";
        }

        private static List<String> nonEmpty(String[] values, String what) {
            Objects.requireNonNull(values, what);
            if (values.length == 0) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            List<String> list = new ArrayList<>(values.length);
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException(what + " must not contain a blank name");
                }
                list.add(v);
            }
            return List.copyOf(list);
        }

        private static void checkSupported(List<String> wanted, String[] supported, String what) {
            List<String> known = Arrays.asList(supported);
            for (String w : wanted) {
                if (!known.contains(w)) {
                    throw new IllegalArgumentException(what + " contains '" + w + "', which is not supported; supported: " + known);
                }
            }
        }
    }
}

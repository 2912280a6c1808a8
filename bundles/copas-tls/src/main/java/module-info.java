/**
 * Copas for Java, TLS: TLS over Copas sockets driven by {@link javax.net.ssl.SSLEngine}, so that
 * a handshake, read or write that cannot go on yields the task instead of blocking the loop. The
 * OSGi annotations are read at build time only.
 */
module io.copas.tls {
    requires transitive io.copas.core;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    // the TLS handshake's Flight Recorder event, emitted only when the runtime has JFR (io.copas.tls.internal.TlsFlight)
    requires static jdk.jfr;

    exports io.copas.tls;
}

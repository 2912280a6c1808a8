package io.copas.http.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a connection goes: scheme, host and port, through which proxy, with which TLS parameters.
 * Connections are pooled by origin. The TLS parameters are held as {@code Object} so this class
 * loads without {@code io.copas.tls}.
 */
final class Origin {

    final boolean https;
    final String host;
    final int port;
    final URI proxy;
    final Object tls;

    private Origin(boolean https, String host, int port, URI proxy, Object tls) {
        this.https = https;
        this.host = host;
        this.port = port;
        this.proxy = proxy;
        this.tls = tls;
    }

    static Origin of(URI uri, URI proxy, Object tls) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        return new Origin(https, Syntax.host(uri).toLowerCase(Locale.ROOT), port(uri), proxy, https ? tls : null);
    }

    /** The URL's port, or the scheme's default. */
    static int port(URI uri) {
        int given = Syntax.port(uri);
        if (given >= 0) {
            return given;
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The host as a connect address: IPv6 literals without brackets. */
    String connectHost() {
        return unbracket(host);
    }

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code host} or {@code host:port} when the port is not the scheme's default (the Host header). */
    String authority() {
        return port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Origin x && x.https == https && x.port == port && x.host.equals(host)
                && Objects.equals(x.proxy, proxy) && x.tls == tls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(https, host, port, proxy) * 31 + System.identityHashCode(tls);
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + authority() + (proxy == null ? "" : " via " + Syntax.host(proxy) + ":" + proxyPort());
    }

    int proxyPort() {
        int given = Syntax.port(proxy);
        return given >= 0 ? given : 3128;
    }
}

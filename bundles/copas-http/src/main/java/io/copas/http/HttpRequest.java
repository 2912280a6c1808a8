package io.copas.http;

import io.copas.http.internal.Syntax;
import io.copas.tls.TlsParameters;
import java.net.URI;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request (upstream's {@code requestparams} table), checked when built: the method, every
 * header and the URL are refused if they hold CR, LF, NUL or other characters that could split
 * the request. Immutable, except that a one-shot body can be sent once.
 *
 * <pre>{@code
 * HttpRequest request = HttpRequest.builder("http://127.0.0.1:8080/upload")
 *         .method("PUT")
 *         .header("Content-Type", "text/plain")
 *         .body(RequestBody.of("hello"))
 *         .timeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class HttpRequest {

    /** {@link Builder#maxRedirects(int)} value for no limit (upstream's {@code maxredirects = false}). */
    public static final int UNLIMITED_REDIRECTS = -1;

    /** Upstream's default limit of redirects. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    private final URI uri;
    private final String method;
    private final HttpHeaders headers;
    private final RequestBody body;
    private final BodySink sink;
    private final URI proxy;
    private final RedirectPolicy redirects;
    private final int maxRedirects;
    private final Timeouts timeouts;
    private final SocketFactory socketFactory;
    private final TlsParameters tls;

    private HttpRequest(Builder b) {
        this.uri = b.uri;
        this.method = b.method;
        this.headers = HttpHeaders.of(b.headers);
        this.body = b.body;
        this.sink = b.sink;
        this.proxy = b.proxy;
        this.redirects = b.redirects;
        this.maxRedirects = b.maxRedirects;
        this.timeouts = b.timeouts;
        this.socketFactory = b.socketFactory;
        this.tls = b.tls;
    }

    /**
     * Starts a request for {@code url} (GET unless told otherwise).
     *
     * @param url an http or https URL; user information in it becomes Basic authorization
     * @return the builder
     * @throws IllegalArgumentException if the URL is not an http(s) URL or holds control characters
     */
    public static Builder builder(String url) {
        return new Builder(Syntax.url(url, "url"));
    }

    /**
     * Starts a request for {@code uri}.
     *
     * @param uri an absolute http or https URI
     * @return the builder
     */
    public static Builder builder(URI uri) {
        return new Builder(Syntax.checked(Objects.requireNonNull(uri, "uri"), "uri"));
    }

    /**
     * The URL.
     *
     * @return the URL
     */
    public URI uri() {
        return uri;
    }

    /**
     * The method, {@code GET} by default.
     *
     * @return the method, {@code GET} by default
     */
    public String method() {
        return method;
    }

    /**
     * The caller's headers; the client adds Host, User-Agent and the framing fields.
     *
     * @return the caller's headers; the client adds Host, User-Agent and the framing fields
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * The body, or {@code null} for none.
     *
     * @return the body, or {@code null} for none
     */
    public RequestBody body() {
        return body;
    }

    /**
     * The sink of the response body, or {@code null} to collect it in {@link HttpResponse#body()}.
     *
     * @return the sink of the response body, or {@code null} to collect it in {@link HttpResponse#body()}
     */
    public BodySink sink() {
        return sink;
    }

    /**
     * The proxy URL, or {@code null} for a direct connection.
     *
     * @return the proxy URL, or {@code null} for a direct connection
     */
    public URI proxy() {
        return proxy;
    }

    /**
     * Which redirects are followed.
     *
     * @return which redirects are followed
     */
    public RedirectPolicy redirects() {
        return redirects;
    }

    /**
     * The most redirects followed, or {@link #UNLIMITED_REDIRECTS}.
     *
     * @return the most redirects followed, or {@link #UNLIMITED_REDIRECTS}
     */
    public int maxRedirects() {
        return maxRedirects;
    }

    /**
     * The timeouts.
     *
     * @return the timeouts
     */
    public Timeouts timeouts() {
        return timeouts;
    }

    /**
     * The socket factory, or {@code null} for the scheduler's plain TCP sockets.
     *
     * @return the socket factory, or {@code null} for the scheduler's plain TCP sockets
     */
    public SocketFactory socketFactory() {
        return socketFactory;
    }

    /**
     * The TLS parameters for https, or {@code null} for {@code TlsParameters.defaults()}.
     *
     * @return the TLS parameters for https, or {@code null} for {@code TlsParameters.defaults()}
     */
    public TlsParameters tls() {
        return tls;
    }

    /**
     * The method and URL, without the URL's credentials: the text goes to logs.
     *
     * @return for example {@code GET http://example.org/}
     */
    @Override
    public String toString() {
        return method + " " + Syntax.withoutCredentials(uri);
    }

    /** Builds an {@link HttpRequest}; every setter checks its argument at once. */
    public static final class Builder {

        private final URI uri;
        private String method = "GET";
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private RequestBody body;
        private BodySink sink;
        private URI proxy;
        private RedirectPolicy redirects = RedirectPolicy.SAFE;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private Timeouts timeouts = Timeouts.defaults();
        private SocketFactory socketFactory;
        private TlsParameters tls;

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * The method ({@code GET} by default).
         *
         * @param method an HTTP token
         * @return this builder
         * @throws IllegalArgumentException if it is not a token (spaces, CR, LF, NUL, ...)
         */
        public Builder method(String method) {
            this.method = Syntax.method(method);
            return this;
        }

        /**
         * Adds a header field (repeat the call for repeated fields). A {@code Host},
         * {@code User-Agent}, {@code Content-Length} or {@code Authorization} given here replaces
         * the client's own. {@code Expect: 100-continue} makes the client wait for the server's
         * go-ahead (at most a second) before sending the body.
         *
         * @param name  an HTTP token
         * @param value the value, without CR, LF, NUL or other controls but tab
         * @return this builder
         * @throws IllegalArgumentException naming the field if it is not allowed, or a
         *                                  {@code Content-Length} that is not decimal digits
         */
        public Builder header(String name, String value) {
            Syntax.field(name, value);
            if (name.equalsIgnoreCase("Content-Length")) {
                Syntax.contentLength(value);
            }
            headers.add(new SimpleImmutableEntry<>(name, value));
            return this;
        }

        /**
         * The request body (upstream's {@code source}).
         *
         * @param body the body, or {@code null} for none
         * @return this builder
         */
        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        /**
         * Where the response body goes (upstream's {@code sink}); without a sink it is collected
         * into {@link HttpResponse#body()}.
         *
         * @param sink the sink, or {@code null} to collect
         * @return this builder
         */
        public Builder sink(BodySink sink) {
            this.sink = sink;
            return this;
        }

        /**
         * Sends the request through an HTTP proxy: absolute-form requests for http, a
         * {@code CONNECT} tunnel for https. User information in the proxy URL becomes
         * {@code Proxy-Authorization: Basic}. The port defaults to 3128, as upstream.
         *
         * @param proxyUrl an {@code http://} URL, or {@code null} for none
         * @return this builder
         */
        public Builder proxy(String proxyUrl) {
            if (proxyUrl == null) {
                this.proxy = null;
                return this;
            }
            URI p = Syntax.url(proxyUrl, "proxy");
            if (!"http".equalsIgnoreCase(p.getScheme())) {
                throw new IllegalArgumentException("proxy must be an http:// URL, was " + Syntax.quote(proxyUrl));
            }
            this.proxy = p;
            return this;
        }

        /**
         * Which redirects to follow ({@link RedirectPolicy#SAFE} by default).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder redirects(RedirectPolicy policy) {
            this.redirects = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The most redirects to follow (5 by default), or {@link #UNLIMITED_REDIRECTS}; a
         * redirect loop fails in any case.
         *
         * @param max at least 0, or -1 for no limit
         * @return this builder
         */
        public Builder maxRedirects(int max) {
            if (max < UNLIMITED_REDIRECTS) {
                throw new IllegalArgumentException("maxRedirects must be >= 0 or -1 (unlimited), was " + max);
            }
            this.maxRedirects = max;
            return this;
        }

        /**
         * One timeout for connect, send and receive (60 seconds by default).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeouts = Timeouts.of(timeout);
            return this;
        }

        /**
         * Separate timeouts.
         *
         * @param timeouts the timeouts
         * @return this builder
         */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /**
         * Makes the plain sockets (upstream's {@code create}).
         *
         * @param factory the factory, or {@code null} for the scheduler's own
         * @return this builder
         */
        public Builder socketFactory(SocketFactory factory) {
            this.socketFactory = factory;
            return this;
        }

        /**
         * TLS parameters for https (upstream's {@code sslparams}); by default
         * {@code TlsParameters.defaults()}: certificate chain and host name verified. The server
         * name (SNI) is the URL's host unless the parameters name one.
         *
         * @param params the parameters, or {@code null} for the defaults
         * @return this builder
         */
        public Builder tls(TlsParameters params) {
            this.tls = params;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}

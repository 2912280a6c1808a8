package io.copas.http;

import io.copas.http.internal.ClientConfig;
import io.copas.http.internal.ClientImpl;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends {@link HttpRequest}s from Copas tasks and keeps their connections alive for reuse
 * (upstream opens a new connection per request). A client may be shared by tasks of any number of
 * schedulers: each scheduler gets its own pool, used only by its own tasks, so no lock is ever
 * held across a wait. Pools are bounded per origin and in all (a task over a bound waits for a
 * connection, at most its connect timeout); idle connections close after the idle timeout; an
 * idle connection the server closed is noticed before reuse, and an idempotent request whose
 * reused connection fails before any reply is sent once more on a fresh one. A scheduler's pool
 * ends when its loop exits (an embedded {@code loop()} with nothing left to do returns with no
 * connection open; the pool keeps a task, {@code copas_http_pool}, waiting for that exit; a
 * program that drives {@code step()} itself calls {@code exit()} or {@link #close()}). The
 * pool of a scheduler left unused for the idle timeout (or closed) is swept the next time the
 * client is used, so schedulers that come and go leave nothing behind.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.builder().maxConnectionsPerOrigin(4).build();
 * // inside a task
 * HttpResponse r = client.send(HttpRequest.builder("http://127.0.0.1:8080/").build());
 * }</pre>
 */
public final class HttpClient implements AutoCloseable {

    /** The User-Agent sent unless a request has its own. */
    public static final String USER_AGENT = "Copas-Java/0.1";

    private final ClientImpl impl;

    private HttpClient(ClientConfig config) {
        this.impl = new ClientImpl(config);
    }

    /**
     * A builder with the defaults: keep-alive on, 8 connections per origin, 64 in all (per
     * scheduler), idle connections kept 30 seconds.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code request} and waits for the response, blocking only the calling task. Redirects
     * are followed as the request says; the response body goes to the request's sink, or into
     * {@link HttpResponse#body()}.
     *
     * @param request the request
     * @return the final response
     * @throws HttpProtocolException if the server's reply breaks HTTP or a limit (named in the message)
     * @throws HttpException         on a refused or looping redirect, a refused proxy tunnel, or https without TLS
     * @throws io.copas.core.TransferTimeoutException if a timeout expires (its message starts with
     *                               the request under way, method and URL without credentials)
     * @throws IOException           if the connection fails or is closed (a
     *                               {@link io.copas.core.TransferClosedException} names the request too)
     * @throws IllegalStateException if not called from a Copas task
     */
    public HttpResponse send(HttpRequest request) throws IOException {
        return impl.send(Objects.requireNonNull(request, "request"));
    }

    /**
     * What the pools did and hold now; callable from any thread.
     *
     * @return the statistics
     */
    public PoolStatistics statistics() {
        return impl.statistics();
    }

    /**
     * Closes the idle connections of every scheduler's pool (each from its own loop); connections
     * in use close when their request ends. The client stays usable and opens new connections.
     */
    @Override
    public void close() {
        impl.close();
    }

    /**
     * Ends this client for good, as when the bundle that made it stops (a hot swap): every later
     * {@link #send} fails at once with an {@link IllegalStateException}, idle connections close,
     * and requests in flight get up to {@code drain} to finish. Call it from outside a loop to
     * wait; from a task it does not wait.
     *
     * @param drain how long to let requests in flight finish
     * @return whether no request was left in flight
     */
    public boolean shutdown(Duration drain) {
        return impl.shutdown(Objects.requireNonNull(drain, "drain"));
    }

    /** Configures an {@link HttpClient}. */
    public static final class Builder {

        private int maxPerOrigin = 8;
        private int maxTotal = 64;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private boolean keepAlive = true;
        private String userAgent = USER_AGENT;

        private Builder() {
        }

        /**
         * Most open connections to one origin, per scheduler (8 by default).
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxConnectionsPerOrigin(int max) {
            this.maxPerOrigin = atLeastOne(max, "maxConnectionsPerOrigin");
            return this;
        }

        /**
         * Most open connections in all, per scheduler (64 by default).
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxConnections(int max) {
            this.maxTotal = atLeastOne(max, "maxConnections");
            return this;
        }

        /**
         * How long an idle connection is kept (30 seconds by default).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Whether connections are kept for reuse (on by default); off sends
         * {@code Connection: close} and opens a connection per request, as upstream.
         *
         * @param keepAlive whether to keep connections
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * The User-Agent sent unless a request has its own.
         *
         * @param userAgent the value
         * @return this builder
         */
        public Builder userAgent(String userAgent) {
            io.copas.http.internal.Syntax.field("User-Agent", userAgent);
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         */
        public HttpClient build() {
            return new HttpClient(new ClientConfig(maxPerOrigin, maxTotal, idleTimeout, keepAlive, userAgent));
        }

        private static int atLeastOne(int max, String name) {
            if (max < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + max);
            }
            return max;
        }
    }
}

package io.copas.http.internal;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.http.BodySink;
import io.copas.http.HttpException;
import io.copas.http.HttpHeaders;
import io.copas.http.HttpProtocolException;
import io.copas.http.HttpRequest;
import io.copas.http.HttpResponse;
import io.copas.http.PoolStatistics;
import io.copas.http.RedirectPolicy;
import io.copas.http.RequestBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The client: one request with its redirects and one retry, over the pool of the calling task's
 * scheduler. Each scheduler gets its own pool, touched only by its own tasks.
 */
public final class ClientImpl {

    /** The most a body collected without a sink may hold: the largest byte array a JVM makes. */
    private static final int MAX_IN_MEMORY = Integer.MAX_VALUE - 8;
    private static final Set<String> BODY_FIELDS = Set.of("content-type", "content-length", "content-encoding",
            "transfer-encoding", "expect");
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
    private static final System.Logger LOG = System.getLogger("io.copas.http");
    /** Most time to wait for {@code 100 Continue} before sending the body anyway. */
    private static final Duration CONTINUE_WAIT = Duration.ofSeconds(1);
    /** How long a body send that failed looks for a response the server sent before it stopped reading. */
    private static final Duration EARLY_RESPONSE_WAIT = Duration.ofMillis(200);
    /** Redirect bodies up to this size are read off so the connection can be reused. */
    private static final long DRAIN_LIMIT = 64 * 1024;

    private final ClientConfig config;
    private final PoolCounters counters = new PoolCounters();
    /** A constant, so that failing needs no class of a bundle revision that may be gone. */
    private static final String SHUT_DOWN = "this HTTP client was shut down (its bundle io.copas.http was stopped,"
            + " updated or uninstalled): ask Scheduler.client(\"http\", HttpClient.class) for the current one";
    /**
     * Resolved when the class loads: a client shut down by a hot swap may be called after its
     * bundle revision is gone, when no class could be resolved any more, and must still fail with
     * this exception rather than a NoClassDefFoundError.
     */
    private static final Class<IllegalStateException> SHUT_DOWN_FAILURE = IllegalStateException.class;
    private static final long DRAIN_POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean shutDown;
    private final Map<Scheduler, ConnectionPool> pools = new ConcurrentHashMap<>();
    private volatile long nextSweep = System.nanoTime();

    /**
     * Creates a client.
     *
     * @param config its settings
     */
    public ClientImpl(ClientConfig config) {
        this.config = config;
    }

    /**
     * The statistics over every scheduler's pool.
     *
     * @return a snapshot
     */
    public PoolStatistics statistics() {
        return counters.snapshot();
    }

    /** Closes the idle connections of every pool, each from a task of its own scheduler. */
    public void close() {
        for (Map.Entry<Scheduler, ConnectionPool> e : pools.entrySet()) {
            Scheduler s = e.getKey();
            ConnectionPool pool = e.getValue();
            pools.remove(s);
            if (s.inLoop()) {
                retire(s, pool);
            } else {
                try {
                    s.submit(() -> {
                        retire(s, pool);
                        return null;
                    }).whenComplete((ignored, closedScheduler) -> {
                        if (closedScheduler != null) {
                            pool.abandon(); // its loop is gone: nothing else touches the pool now
                        }
                    });
                } catch (RuntimeException closedScheduler) {
                    pool.abandon();
                }
            }
        }
    }

    /**
     * Once per idle timeout: asks the pools of other schedulers that were not used for that long
     * to close their idle connections, each on its own loop, and forgets pools left empty or
     * belonging to a closed scheduler, so schedulers that come and go leave nothing behind.
     */
    private void sweep(Scheduler current) {
        long now = System.nanoTime();
        if (now - nextSweep < 0) {
            return;
        }
        long idle = config.idleTimeout().toNanos();
        nextSweep = now + idle;
        for (Map.Entry<Scheduler, ConnectionPool> e : pools.entrySet()) {
            Scheduler s = e.getKey();
            ConnectionPool pool = e.getValue();
            if (s == current || now - pool.lastUsed() < idle) {
                continue;
            }
            try {
                s.submit(() -> {
                    pool.closeIdle();
                    return pool.isEmpty();
                }).whenComplete((empty, removed) -> {
                    if (removed != null || empty) {
                        forget(s, pool);
                    }
                });
            } catch (IllegalStateException closedScheduler) {
                forget(s, pool);
            }
        }
    }

    /** Drops the pool of {@code s}, closing what it still holds idle. */
    private void forget(Scheduler s, ConnectionPool pool) {
        if (pools.remove(s, pool)) {
            pool.abandon();
            endExitWatcher(s, pool);
        }
    }

    /**
     * The pool of {@code scheduler}, made on its first request together with a task that waits
     * for the loop to exit ({@code copas.waitforexit}, Copas' signal to background work): then the
     * pool ends and its connections close. Without it an embedded {@code loop()} returned with
     * its keep-alive connections still open, and nothing would ever close them. Only tasks of
     * {@code scheduler} make its pool, one at a time.
     */
    private ConnectionPool poolOf(Scheduler scheduler) {
        ConnectionPool pool = pools.get(scheduler);
        if (pool != null) {
            return pool;
        }
        ConnectionPool made = new ConnectionPool(config, counters);
        if (scheduler.exiting()) {
            // the exit is announced (and stays so on a scheduler that is not in loop()): a
            // connection per request, as upstream, and no pool or task left behind
            made.retire();
            return made;
        }
        made.exitWatcher = scheduler.add("copas_http_pool", Copas::waitForExit);
        pools.put(scheduler, made);
        made.exitWatcher.whenDone(() -> retire(scheduler, made));
        return made;
    }

    /** Ends the pool of {@code s} on its loop: idle connections close now, busy ones when given back. */
    private void retire(Scheduler s, ConnectionPool pool) {
        pools.remove(s, pool);
        pool.retire();
        endExitWatcher(s, pool);
    }

    /** Ends the task that waits to end {@code pool} (it is ended already, or forgotten). */
    private static void endExitWatcher(Scheduler s, ConnectionPool pool) {
        Task watcher = pool.exitWatcher;
        if (watcher == null || watcher.isDone()) {
            return;
        }
        try {
            s.remove(watcher);
        } catch (IllegalStateException closedScheduler) {
            // its shutdown ends the task
        }
    }

    /**
     * Sends {@code request} from the calling task, following redirects.
     *
     * @param request the request
     * @return the response
     * @throws IOException on failure
     */
    public HttpResponse send(HttpRequest request) throws IOException {
        inFlight.incrementAndGet(); // before the check: shutdown() waits for every send that got past it
        try {
            if (shutDown) {
                throw new IllegalStateException(SHUT_DOWN);
            }
            return sendNow(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Ends the client for good: later sends fail at once, idle connections close, and requests
     * in flight get up to {@code drain} to finish (waited for only outside a loop).
     *
     * @param drain how long to let requests in flight finish
     * @return whether none was left in flight
     */
    public boolean shutdown(Duration drain) {
        shutDown = true;
        close();
        long deadline = System.nanoTime() + drain.toNanos();
        boolean mayWait = Copas.currentTask().isEmpty();
        while (mayWait && inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, DRAIN_POLL_NANOS);
        }
        close(); // the connections that the finished requests gave back
        return inFlight.get() == 0;
    }

    private HttpResponse sendNow(HttpRequest request) throws IOException {
        if (Copas.currentTask().isEmpty()) { // the core would name only its own call, Copas.scheduler()
            throw new IllegalStateException("an HTTP request must be made from a Copas task"
                    + " (from another thread: scheduler.submit(() -> ...))");
        }
        List<Step> chain = new ArrayList<>(2); // the request, then each redirect followed; its last is under way
        try {
            return follow(request, chain);
        } catch (TransferTimeoutException e) {
            throw e.within(chain.getLast().toString()); // the core names only the socket: say which request was waiting
        } catch (TransferClosedException e) {
            throw e.within(chain.getLast().toString());
        } catch (HttpProtocolException e) {
            throw new HttpProtocolException(chain.getLast() + ": " + e.getMessage(), e); // which request got the bad reply
        }
    }

    /**
     * One request of a redirect chain. Loops are found on the URLs as sent (a step that differs
     * only in its credentials is no loop); messages show them without credentials, and only
     * messages build the text.
     */
    private record Step(String method, URI uri) {
        /** The URL without the credentials of its user information. */
        String uriText() {
            return Syntax.withoutCredentials(uri);
        }

        @Override
        public String toString() {
            return method + " " + uriText();
        }
    }

    /** Sends {@code request} and follows its redirects, adding each request made to {@code chain}. */
    private HttpResponse follow(HttpRequest request, List<Step> chain) throws IOException {
        Scheduler scheduler = Copas.scheduler();
        sweep(scheduler);
        ConnectionPool pool = poolOf(scheduler);
        URI uri = request.uri();
        String method = request.method();
        RequestBody body = request.body();
        HttpHeaders headers = request.headers();
        Origin first = Origin.of(uri, request.proxy(), request.tls());
        boolean sendAuth = true;
        chain.add(new Step(method, uri));
        String lastLocation = null;
        while (true) {
            Origin origin = Origin.of(uri, request.proxy(), request.tls());
            if (origin.https) {
                TlsSupport.require(uri);
            }
            sendAuth &= origin.equals(first);
            Exchange x = exchange(scheduler, pool, origin, uri, method, body, headers, request, sendAuth);
            Redirect next;
            try {
                next = Redirect.of(request, method, body, uri, x.head);
            } catch (HttpProtocolException e) {
                pool.release(x.connection, false);
                throw e;
            }
            if (next == null) {
                return complete(pool, x, request.sink(), uri, lastLocation);
            }
            Step step = new Step(next.method(), next.uri());
            String refusal = refusal(request, origin, chain, step);
            if (refusal != null) {
                pool.release(x.connection, false);
                throw new HttpException(refusal);
            }
            discard(pool, x, request);
            chain.add(step);
            lastLocation = next.location();
            if (!next.method().equals(method)) {
                body = null;
                headers = withoutContentFields(headers);
            }
            method = next.method();
            uri = next.uri();
        }
    }

    /**
     * Why the redirect to {@code next} must not be followed (a loop, one too many, https to http
     * without {@link RedirectPolicy#ALL}), or {@code null}.
     */
    private static String refusal(HttpRequest request, Origin origin, List<Step> chain, Step next) {
        if (chain.contains(next)) {
            return "redirect loop: " + path(chain, next);
        }
        int followed = chain.size() - 1;
        if (request.maxRedirects() != HttpRequest.UNLIMITED_REDIRECTS && followed >= request.maxRedirects()) {
            return "too many redirects (more than " + request.maxRedirects() + "): " + path(chain, next);
        }
        if (origin.https && next.uri().getScheme().equalsIgnoreCase("http") && request.redirects() != RedirectPolicy.ALL) {
            return "insecure redirect from https to http refused: " + chain.getLast().uriText() + " -> " + next.uriText()
                    + " (RedirectPolicy.ALL allows it)";
        }
        return null;
    }

    /** The chain and the refused step, as messages show them. */
    private static String path(List<Step> chain, Step next) {
        StringBuilder text = new StringBuilder();
        for (Step step : chain) {
            text.append(step).append(" -> ");
        }
        return text.append(next).toString();
    }

    /**
     * A request sent and its final head read; the body is still on the connection.
     *
     * @param carriedBody whether the request sent a body that was not known to be empty
     */
    private record Exchange(Connection connection, ResponseHead head, Framing framing, boolean bodySent,
            boolean callerCloses, boolean carriedBody) {
    }

    /** The caller's headers without those describing a body (a 303 turned the request into a GET). */
    private static HttpHeaders withoutContentFields(HttpHeaders headers) {
        return HttpHeaders.of(headers.fields().stream()
                .filter(f -> !BODY_FIELDS.contains(f.getKey().toLowerCase(Locale.ROOT))).toList());
    }

    private Exchange exchange(Scheduler scheduler, ConnectionPool pool, Origin origin, URI uri, String method,
            RequestBody body, HttpHeaders headers, HttpRequest request, boolean sendAuth) throws IOException {
        boolean retry = false;
        boolean retryable = IDEMPOTENT.contains(method) && (body == null || body.isReplayable());
        while (true) {
            Connection c = pool.acquire(origin, retry, request.timeouts().connect(),
                    () -> Connector.open(scheduler, origin, request));
            boolean reused = c.requests > 0;
            long before = c.wire.received();
            counters.requests.incrementAndGet();
            try {
                return attempt(c, uri, method, body, headers, request, sendAuth);
            } catch (IOException | RuntimeException | Error e) { // Error: the task was removed; the connection still goes back
                pool.release(c, false);
                boolean nothingBack = c.wire.received() == before
                        && (e instanceof TransferClosedException || e.getCause() instanceof TransferClosedException
                        || e instanceof HttpProtocolException && c.wire.ended());
                if (!retry && reused && nothingBack && retryable) {
                    retry = true;
                    counters.retried.incrementAndGet();
                    continue;
                }
                throw e;
            }
        }
    }

    private Exchange attempt(Connection c, URI uri, String method, RequestBody body, HttpHeaders headers,
            HttpRequest request, boolean sendAuth) throws IOException {
        c.requests++;
        var t = request.timeouts();
        c.socket.setTimeouts(t.connect(), t.send(), t.receive());
        c.wire.receiveTimeout(t.receive());
        c.socket.send(RequestWriter.head(method, uri, c.origin, headers, body, sendAuth, config));
        boolean bodySent = body == null;
        ResponseHead head = null;
        if (body != null) {
            boolean expect = headers.allValues("Expect").stream().anyMatch(v -> v.equalsIgnoreCase("100-continue"));
            Duration wait = t.receive().compareTo(CONTINUE_WAIT) < 0 ? t.receive() : CONTINUE_WAIT;
            if (expect && c.wire.awaitData(wait)) {
                long end = System.nanoTime() + wait.toNanos(); // a 103 may come before the 100, but not for ever
                head = HeadReader.read(c.wire, t.receive());
                while (isOtherInterim(head) && System.nanoTime() - end < 0 && c.wire.awaitData(wait)) {
                    head = HeadReader.read(c.wire, t.receive());
                }
            }
            if (head == null || head.code() == 100 || isOtherInterim(head)) {
                head = null;
                try {
                    sendBody(c, body, headers);
                    bodySent = true;
                } catch (TransferTimeoutException | TransferClosedException e) {
                    head = earlyResponse(c, e, t.receive());
                }
            }
        }
        if (head == null || head.code() / 100 == 1 && head.code() != 101) {
            head = finalHead(c.wire, t.receive());
        }
        // a caller's "Connection: close" ends the connection even if the server does not echo it
        return new Exchange(c, head, Framing.of(method, head), bodySent, ResponseHead.saysConnection(headers, "close"),
                body != null && body.length() != 0);
    }

    /**
     * The response a server sent before it stopped reading the body (squid's 407, a 413): a send
     * that timed out or was cut off may have a final response waiting behind it, and that says
     * more than the failed send. Looks briefly; without one, {@code failure} is thrown.
     */
    private static ResponseHead earlyResponse(Connection c, IOException failure, Duration receive) throws IOException {
        Duration look = receive.compareTo(EARLY_RESPONSE_WAIT) < 0 ? receive : EARLY_RESPONSE_WAIT;
        long end = System.nanoTime() + look.toNanos(); // one bound for the data and its head
        try {
            if (!c.socket.isClosed() && c.wire.awaitData(look)) {
                ResponseHead head = HeadReader.read(c.wire, Duration.ofNanos(Math.max(1, end - System.nanoTime())));
                if (head.code() >= 200) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: the server answered {1} before it took the whole body ({2})",
                            c, head.code(), failure.getMessage());
                    return head;
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        throw failure;
    }

    /** An interim response that is neither 100 Continue nor 101 Switching Protocols (a 103, say). */
    private static boolean isOtherInterim(ResponseHead head) {
        return head.code() / 100 == 1 && head.code() != 100 && head.code() != 101;
    }

    private static void sendBody(Connection c, RequestBody body, HttpHeaders headers) throws IOException {
        boolean chunked = headers.allValues("Transfer-Encoding").stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                || !headers.contains("Content-Length") && body.length() < 0;
        long length = -1;
        if (!chunked) {
            String given = headers.firstValue("Content-Length").orElse(null);
            try {
                length = given == null ? body.length() : Long.parseLong(given.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("header 'Content-Length' is not a number: " + Syntax.quote(given));
            }
        }
        RequestWriter.body(c.socket, body, chunked, length);
    }

    /**
     * Reads heads until a final one, skipping interim 1xx responses (but 101). The receive
     * timeout bounds all of them together: a server that sends 102 Processing for ever cannot
     * hold the task.
     */
    private static ResponseHead finalHead(Wire wire, Duration receive) throws IOException {
        long end = System.nanoTime() + receive.toNanos();
        while (true) {
            ResponseHead head = HeadReader.read(wire, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            if (head.code() >= 200 || head.code() == 101) {
                return head;
            }
        }
    }

    /**
     * Reads the final response's body into the sink (or a byte array) and gives the connection back.
     * After a redirect the headers carry the last Location followed unless the response has its own,
     * as upstream hints that the request was redirected.
     */
    private HttpResponse complete(ConnectionPool pool, Exchange x, BodySink sink, URI uri, String lastLocation)
            throws IOException {
        ByteArrayOutputStream collected = sink == null ? new ByteArrayOutputStream() : null;
        HttpHeaders trailers;
        try {
            Wire.Chunk out = sink == null ? inMemory(collected, x.framing) : sink::accept;
            trailers = BodyReader.read(x.connection.wire, x.framing, x.connection.socket.receiveTimeout(), out);
        } catch (IOException | RuntimeException | Error e) {
            pool.release(x.connection, false);
            throw e;
        }
        pool.release(x.connection, reusable(x));
        byte[] body = collected == null ? new byte[0] : collected.toByteArray();
        HttpHeaders headers = x.head.headers();
        if (lastLocation != null && !headers.contains("Location")) {
            List<Map.Entry<String, String>> fields = new ArrayList<>(headers.fields());
            fields.add(Map.entry("location", lastLocation));
            headers = HttpHeaders.of(fields);
        }
        return new HttpResponse(x.head.code(), x.head.statusLine(), headers, body, trailers, uri);
    }

    /**
     * Collects a body without a sink into {@code collected}, up to what a byte array holds: past
     * that (a Content-Length that says so, or a body without end) the request fails with a typed
     * exception, not with an {@link OutOfMemoryError} when the array would grow past its limit.
     */
    private static Wire.Chunk inMemory(ByteArrayOutputStream collected, Framing framing) throws HttpException {
        if (framing.kind() == Framing.Kind.LENGTH && framing.length() > MAX_IN_MEMORY) {
            throw new HttpException("the response body of " + framing.length() + " bytes is more than a byte array holds;"
                    + " give the request a sink");
        }
        return (data, offset, length) -> {
            if (collected.size() > MAX_IN_MEMORY - length) {
                throw new HttpException("the response body grew past what a byte array holds (" + MAX_IN_MEMORY
                        + " bytes); give the request a sink");
            }
            collected.write(data, offset, length);
        };
    }

    /**
     * Whether the connection may serve another request. Not after an error to a request with a
     * body: a server may answer before it has read the body (squid's 407 to a large POST, a 413),
     * and once the body sat in the socket buffers the client cannot tell; a connection whose server
     * left part of it unread waits for ever for the next request's reply (RFC 9112 section 9.6: a
     * client cannot rely on such a connection).
     */
    private static boolean reusable(Exchange x) {
        return x.bodySent && !x.callerCloses && x.framing.kind() != Framing.Kind.CLOSE && x.head.code() != 101
                && x.head.keepsAlive() && !(x.carriedBody && x.head.code() >= 400);
    }

    /** Throws a redirect's body away: read off when small and framed (keeping the connection), else closed. */
    private static void discard(ConnectionPool pool, Exchange x, HttpRequest request) {
        Framing f = x.framing;
        boolean small = f.kind() == Framing.Kind.NONE || f.kind() == Framing.Kind.LENGTH && f.length() <= DRAIN_LIMIT;
        if (!small || !reusable(x)) {
            pool.release(x.connection, false);
            return;
        }
        try {
            BodyReader.read(x.connection.wire, f, request.timeouts().receive(), (d, o, n) -> { });
            pool.release(x.connection, true);
        } catch (IOException | RuntimeException e) {
            pool.release(x.connection, false); // the redirect is followed all the same
        } catch (Error e) {
            pool.release(x.connection, false);
            throw e;
        }
    }
}

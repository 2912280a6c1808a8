package io.copas.tls.internal;

import io.copas.core.Copas;
import io.copas.core.ReceiveLimitException;
import io.copas.core.ReceivePattern;
import io.copas.core.Scheduler;
import io.copas.core.ShutdownMode;
import io.copas.core.Task;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.core.spi.FillOutcome;
import io.copas.core.spi.PatternReceiver;
import io.copas.core.spi.ReceiveBuffer;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection over a plain Copas socket, driven by an {@link SSLEngine}.
 *
 * <p>How the two directions share one engine without locks: between two yields a task's code is
 * atomic, and every engine call is followed, before any yield, by moving its output where it
 * belongs (records to {@link OutboundQueue}, application bytes to {@link ReceiveBuffer}). So an
 * engine operation is never half-done across a yield. The only things that yield are the plain
 * socket's calls and {@link Waiters#await}; around them, roles say who does what:
 * <ul>
 * <li>{@code rawReader}: the one task reading raw bytes into {@code netIn} (the receiver, or a
 * sender that needs the peer's handshake data); others wait for it to make progress;</li>
 * <li>{@code flusher}: the one task sending queued records; records are queued in engine order
 * before anyone sends, so order holds whoever sends them;</li>
 * <li>{@code handshaker}: the task running the initial handshake; others wait for it.</li>
 * </ul>
 * Records the receiving side must send (TLS 1.3 key update answers, a TLS 1.2 close_notify
 * answer, renegotiation messages) are sent by a short-lived task, so that a receiver never
 * blocks on a full send buffer while its peer waits for it to read.
 */
public final class TlsSocketImpl implements TlsSocket {

    private static final System.Logger LOG = System.getLogger("io.copas.tls");
    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);
    private static final Duration FOREVER = Duration.ofSeconds(-1);
    /** Largest TLS plaintext record. */
    private static final int MAX_RECORD = 16 * 1024;
    /** Records wrapped before each send: a few per kernel write, little memory per send. */
    private static final int RECORDS_PER_SEND = 4;
    /** Operations served without a yield before the task pauses once, so others get their turn. */
    private static final int FAIRNESS_BUDGET = 64;
    /** Engine steps without I/O after which the engine is declared stuck (never seen; guards the loop). */
    private static final int STEP_LIMIT = 100_000;

    /** Decrypted bytes kept once drained: records are up to 16 KiB, so keep a record's worth. */
    private static final int APP_KEEP_LIMIT = 64 * 1024;
    // outcomes of the inbound pump (inbound.fill() maps them to FillOutcome)
    private static final int PROGRESS = 0;
    private static final int EOF = 1;
    private static final int TIMEOUT = 2;
    private static final int CLOSED = 3;
    /** Another task reads raw bytes: this one waited for it, and re-checks. */
    private static final int WAITED = 4;

    private final TcpSocket plain;
    private final TlsParameters params;
    private final boolean client;
    private String serverName;
    private String connectHost;
    private String sentName;
    private String peer = "unconnected peer";
    private SSLEngine engine;
    private Duration connectTimeout;
    private Duration sendTimeout;
    private Duration receiveTimeout;

    private ByteBuffer netIn; // raw bytes not yet unwrapped, kept in write mode
    private final ReceiveBuffer appIn = new ReceiveBuffer(APP_KEEP_LIMIT);
    private final OutboundQueue netOut = new OutboundQueue();
    private final Waiters waiters = new Waiters();

    private Task handshaker;
    private Task rawReader;
    private Task flusher;
    private Task receiver;
    private Task sender;
    private boolean backgroundFlush;
    private boolean handshakeDone;
    private boolean rawEof;
    private boolean truncated;
    private IOException peerCloseCause;
    private IOException failure;
    private volatile boolean closed;
    private int budget = FAIRNESS_BUDGET;

    /**
     * Wraps {@code plain}; no I/O happens until the first operation.
     *
     * @param plain  the plain socket, connected or (client) not yet
     * @param params the TLS parameters
     * @param client whether this is the client side
     */
    public TlsSocketImpl(TcpSocket plain, TlsParameters params, boolean client) {
        this.plain = Objects.requireNonNull(plain, "socket");
        this.params = Objects.requireNonNull(params, "params");
        this.client = client;
        this.serverName = client ? params.serverName() : null;
        this.connectTimeout = plain.connectTimeout();
        this.sendTimeout = plain.sendTimeout();
        this.receiveTimeout = plain.receiveTimeout();
    }

    // ---------------------------------------------------------------- connect and handshake

    @Override
    public void connect(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        requireClient("connect");
        requireTask("connect()");
        plain.setTimeouts(orForever(connectTimeout), null, null);
        plain.connect(address);
        connectHost = address instanceof InetSocketAddress inet ? inet.getHostString() : null;
        handshake();
    }

    @Override
    public void connect(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        requireClient("connect");
        requireTask("connect()");
        plain.setTimeouts(orForever(connectTimeout), null, null);
        plain.connect(host, port);
        connectHost = host;
        handshake();
    }

    @Override
    public void handshake() throws IOException {
        Task me = requireTask("handshake()");
        while (!handshakeDone) {
            checkUsable(-1);
            if (handshaker == null) {
                runHandshake(me);
            } else if (!waiters.await(connectTimeout)) {
                throw new TransferTimeoutException("waiting for the TLS handshake with " + peer + " on '" + name()
                        + "' timed out", null, -1);
            }
        }
    }

    private void runHandshake(Task me) throws IOException {
        handshaker = me;
        Deadline deadline = new Deadline(connectTimeout);
        try {
            if (engine == null) {
                engine = createEngine();
            }
            try {
                engine.beginHandshake();
            } catch (SSLException e) {
                throw fail(e);
            }
            for (int steps = 0; ; steps++) {
                checkUsable(-1);
                if (steps > STEP_LIMIT) {
                    throw fail(new SSLHandshakeException("the TLS engine made no progress"));
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> wrapControl();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        flushAll(deadline.remaining());
                        int outcome = pumpIn(deadline.remaining());
                        if (outcome == TIMEOUT) {
                            throw new TransferTimeoutException("handshake", null, -1);
                        }
                        if (outcome == EOF) {
                            SSLHandshakeException e = new SSLHandshakeException(
                                    "the peer closed the connection during the handshake");
                            e.initCause(peerCloseCause);
                            throw fail(e);
                        }
                        checkUsable(-1);
                    }
                    default -> {
                        if (engine.isInboundDone() || engine.isOutboundDone()) {
                            wrapControl(); // throws the engine's own reason (e.g. a failed certificate check), if any
                            throw fail(new SSLHandshakeException("the connection was closed during the handshake"));
                        }
                        flushAll(deadline.remaining());
                        handshakeDone = true;
                        LOG.log(System.Logger.Level.DEBUG, () -> "TLS handshake with " + peer + " on '" + name() + "' done: "
                                + engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite());
                        return;
                    }
                }
            }
        } catch (TransferTimeoutException e) {
            abort();
            throw new TransferTimeoutException("TLS handshake with " + peer + " on '" + name() + "' timed out", null, -1);
        } catch (TransferClosedException e) {
            if (closed || failure != null) {
                throw e;
            }
            SSLHandshakeException lost = new SSLHandshakeException("TLS handshake with " + peer + " on '" + name()
                    + "' failed: the connection was lost: " + e.getMessage());
            lost.initCause(e);
            failure = lost;
            abort();
            throw lost;
        } finally {
            handshaker = null;
            waiters.wakeAll();
        }
    }

    private SSLEngine createEngine() throws IOException {
        SocketAddress remote = plain.remoteAddress();
        if (remote == null) {
            throw new NotYetConnectedException();
        }
        InetSocketAddress inet = remote instanceof InetSocketAddress i ? i : null;
        if (!client) {
            peer = remote.toString();
            return Engines.server(params);
        }
        String host = serverName != null ? serverName
                : connectHost != null ? connectHost
                : inet != null && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
        sentName = host != null && !Engines.isAddressLiteral(host) ? host : null;
        peer = (host != null && !host.equals(inet == null ? null : inet.getHostString()) ? host + " at " : "") + remote;
        return Engines.client(params, host, inet == null ? -1 : inet.getPort());
    }

    // ---------------------------------------------------------------- send

    @Override
    public int send(byte[] data, int from, int to) throws IOException {
        checkRange(data, from, to);
        Task me = requireTask("send()");
        if (sender != null) {
            throw new IllegalStateException("task '" + sender.name() + "' is already sending on socket '" + name() + "'");
        }
        sender = me;
        try {
            handshake();
            int next = from;
            for (int stalls = 0; ; ) {
                checkUsable(next);
                int before = next;
                boolean needUnwrap = isUnwrapping(engine.getHandshakeStatus());
                boolean outboundClosed = false;
                if (next < to && !needUnwrap) {
                    int packet = engine.getSession().getPacketBufferSize();
                    int records = Math.min(RECORDS_PER_SEND, (to - next + MAX_RECORD - 1) / MAX_RECORD);
                    ByteBuffer src = ByteBuffer.wrap(data, next, to - next);
                    ByteBuffer out = ByteBuffer.allocate(records * packet);
                    while (src.hasRemaining() && out.remaining() >= packet) {
                        SSLEngineResult r;
                        try {
                            r = engine.wrap(src, out);
                        } catch (SSLException e) {
                            enqueue(out);
                            throw fail(e);
                        }
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            outboundClosed = true;
                            break;
                        }
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                            packet = Math.max(packet * 2, engine.getSession().getPacketBufferSize());
                            if (out.position() > 0) {
                                break;
                            }
                            out = ByteBuffer.allocate(packet);
                            continue;
                        }
                        HandshakeStatus hs = r.getHandshakeStatus();
                        if (hs == HandshakeStatus.NEED_TASK) {
                            runDelegatedTasks();
                            hs = engine.getHandshakeStatus();
                        }
                        if (isUnwrapping(hs)) {
                            // a renegotiation waits for the peer: application data waits until it is done,
                            // as peers such as OpenSSL refuse it in the middle of a handshake
                            needUnwrap = true;
                            break;
                        }
                    }
                    next = src.position();
                    enqueue(out);
                }
                try {
                    flushAll(sendTimeout);
                } catch (TransferTimeoutException e) {
                    throw new TransferTimeoutException("send on '" + name() + "' to " + peer + " timed out", null, next);
                } catch (TransferClosedException e) {
                    throw closedDuringSend(next, e);
                }
                if (outboundClosed) {
                    throw new TransferClosedException("TLS connection on '" + name() + "' with " + peer
                            + " is closed for sending (close_notify)", null, next, failure);
                }
                if (needUnwrap) {
                    int outcome = pumpIn(sendTimeout);
                    if (outcome == TIMEOUT) {
                        throw new TransferTimeoutException("send on '" + name() + "' to " + peer
                                + " timed out waiting for the peer's handshake", null, next);
                    }
                    if (outcome != PROGRESS && outcome != WAITED) {
                        throw new TransferClosedException("socket '" + name() + "' closed by " + peer
                                + " during a renegotiation", null, next, peerCloseCause);
                    }
                }
                if (next >= to) {
                    break;
                }
                stalls = next == before && !needUnwrap ? stalls + 1 : 0;
                if (stalls > STEP_LIMIT) {
                    throw fail(new SSLException("the TLS engine made no progress"));
                }
            }
            spendBudget();
            return to;
        } finally {
            sender = null;
        }
    }

    private TransferClosedException closedDuringSend(int lastIndex, TransferClosedException e) {
        if (closed || failure != null) {
            return new TransferClosedException("socket '" + name() + "' is closed", null, lastIndex,
                    failure != null ? failure : e.getCause());
        }
        return new TransferClosedException("send on '" + name() + "' to " + peer + " failed: " + e.getMessage(), null,
                lastIndex, e.getCause());
    }

    // ---------------------------------------------------------------- receive

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
        Task me = requireTask("receive()");
        if (receiver != null) {
            throw new IllegalStateException("task '" + receiver.name() + "' is already receiving on socket '" + name() + "'");
        }
        receiver = me;
        try {
            handshake();
            return PatternReceiver.receive(appIn, pattern, prefix, partial, plain.receiveLimit(), inbound);
        } finally {
            receiver = null;
        }
    }

    /** What the receive patterns need from the TLS side. */
    private final PatternReceiver.Source inbound = new PatternReceiver.Source() {

        @Override
        public FillOutcome fill() throws IOException {
            return switch (TlsSocketImpl.this.fill()) {
                case PROGRESS -> FillOutcome.DATA;
                case EOF -> FillOutcome.END;
                case TIMEOUT -> FillOutcome.TIMEOUT;
                default -> FillOutcome.CLOSED;
            };
        }

        @Override
        public boolean cleanEnd() {
            return !truncated;
        }

        @Override
        public IOException failure(FillOutcome outcome, byte[] partialData) {
            if (outcome == FillOutcome.TIMEOUT) {
                return new TransferTimeoutException("receive on '" + name() + "' from " + peer + " timed out", partialData, -1);
            }
            return receiveClosed(outcome == FillOutcome.END ? EOF : CLOSED, partialData);
        }

        @Override
        public ReceiveLimitException limitExceeded(ReceivePattern pattern, int limit, byte[] partialData) {
            return new ReceiveLimitException(PatternReceiver.limitMessage("'" + name() + "' from " + peer, pattern, limit),
                    partialData, limit);
        }

        @Override
        public void delivered() {
            spendBudget();
        }
    };

    private TransferClosedException receiveClosed(int status, byte[] partialData) {
        if (status == EOF && !truncated) {
            return new TransferClosedException("socket '" + name() + "' closed by " + peer + " (close_notify)", partialData,
                    -1, null);
        }
        if (status == EOF) {
            String why = "socket '" + name() + "' closed by " + peer + " without close_notify: the data may be truncated";
            SSLException cause = new SSLException(why, peerCloseCause);
            return new TransferClosedException(why, partialData, -1, cause);
        }
        return new TransferClosedException("socket '" + name() + "' is closed", partialData, -1, failure);
    }

    /** Waits until application data arrives: PROGRESS, or EOF, TIMEOUT, CLOSED. */
    private int fill() throws IOException {
        int before = appIn.available();
        for (int steps = 0; ; steps++) {
            if (closed || plain.isClosed()) {
                return CLOSED;
            }
            int outcome = pumpIn(receiveTimeout);
            if (appIn.available() > before) {
                return PROGRESS;
            }
            if (outcome == WAITED) {
                steps = 0; // a wait is not a spin
                continue;
            }
            if (outcome != PROGRESS) {
                return outcome;
            }
            if (steps > STEP_LIMIT) {
                throw fail(new SSLException("the TLS engine made no progress"));
            }
        }
    }

    // ---------------------------------------------------------------- the inbound pump

    /**
     * Makes inbound progress once: unwraps what is buffered, else reads raw bytes once (or waits
     * for the task that does). Returns PROGRESS, WAITED, TIMEOUT, EOF or CLOSED.
     */
    private int pumpIn(Duration timeout) throws IOException {
        Task me = Copas.current();
        if (rawReader != null && rawReader != me) {
            return waiters.await(timeout) ? WAITED : TIMEOUT;
        }
        if (unwrapBuffered()) {
            if (handshakeDone && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrapControl(); // key update answer, close_notify answer, renegotiation
                flushInBackground();
            }
            return PROGRESS;
        }
        if (engine.isInboundDone()) {
            return EOF;
        }
        if (rawEof) {
            if (!truncated) {
                truncated = true;
                try {
                    engine.closeInbound();
                } catch (SSLException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "'" + name() + "': " + e.getMessage());
                }
            }
            return EOF;
        }
        if (closed || plain.isClosed()) {
            return CLOSED;
        }
        rawReader = me;
        try {
            ensureNetInRoom();
            plain.setTimeouts(null, null, orForever(timeout));
            try {
                netIn.put(plain.receivePartial(ReceivePattern.bytes(netIn.remaining()), null));
            } catch (TransferTimeoutException e) {
                netIn.put(e.partialData());
                return TIMEOUT;
            } catch (TransferClosedException e) {
                netIn.put(e.partialData());
                if (closed || plain.isClosed()) {
                    return CLOSED;
                }
                rawEof = true; // what is still buffered is unwrapped before the end is reported
                peerCloseCause = e.getCause() instanceof IOException io ? io : null;
            }
            return PROGRESS;
        } finally {
            rawReader = null;
            waiters.wakeAll();
        }
    }

    /** Unwraps the buffered raw bytes; {@code true} if anything was consumed or produced. */
    private boolean unwrapBuffered() throws IOException {
        if (netIn == null || netIn.position() == 0 || engine.isInboundDone()) {
            return false;
        }
        boolean progress = false;
        int room = engine.getSession().getApplicationBufferSize();
        netIn.flip();
        try {
            while (netIn.hasRemaining()) {
                ByteBuffer dst = appIn.tail(room);
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, dst);
                } catch (SSLException e) {
                    throw fail(e);
                } finally {
                    appIn.commit(dst);
                }
                if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                    progress = true;
                }
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        room = Math.max(room * 2, engine.getSession().getApplicationBufferSize());
                        continue;
                    }
                    case BUFFER_UNDERFLOW -> {
                        return progress;
                    }
                    case CLOSED -> {
                        return true; // close_notify: the next pump reports the end
                    }
                    default -> {
                    }
                }
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    hs = engine.getHandshakeStatus();
                    progress = true;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    return true;
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    return progress;
                }
            }
            return progress;
        } finally {
            netIn.compact();
        }
    }

    private void ensureNetInRoom() {
        int packet = engine.getSession().getPacketBufferSize();
        if (netIn == null) {
            netIn = ByteBuffer.allocate(2 * packet);
        } else if (netIn.capacity() < packet || !netIn.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * netIn.capacity(), 2 * packet));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
    }

    private static boolean isUnwrapping(HandshakeStatus hs) {
        return hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
    }

    private void runDelegatedTasks() {
        // inline: they are CPU work (key exchange, certificate checks) and the task owns the turn anyway
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    // ---------------------------------------------------------------- the outbound side

    /** Wraps what the engine wants to send without application data (handshake, alerts, key updates). */
    private void wrapControl() throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        ByteBuffer out = ByteBuffer.allocate(packet);
        for (int steps = 0; steps < STEP_LIMIT; steps++) {
            SSLEngineResult r;
            try {
                r = engine.wrap(NO_DATA, out);
            } catch (SSLException e) {
                enqueue(out);
                throw fail(e);
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                packet = out.position() == 0 ? packet * 2 : packet;
                enqueue(out);
                out = ByteBuffer.allocate(packet);
                continue;
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                hs = engine.getHandshakeStatus();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED || hs != HandshakeStatus.NEED_WRAP || r.bytesProduced() == 0) {
                break;
            }
        }
        enqueue(out);
    }

    private void enqueue(ByteBuffer out) {
        int n = out.position();
        // a small record keeps a small array while it waits to be sent
        netOut.add(n < out.capacity() / 4 ? java.util.Arrays.copyOf(out.array(), n) : out.array(), n);
    }

    /** Sends every queued record, waiting for another flushing task if there is one. */
    private void flushAll(Duration timeout) throws IOException {
        Task me = Copas.current();
        while (!netOut.isEmpty()) {
            if (closed || plain.isClosed()) {
                throw new TransferClosedException("socket '" + name() + "' is closed", null, -1, failure);
            }
            if (flusher != null && flusher != me) {
                if (!waiters.await(timeout)) {
                    throw new TransferTimeoutException("send on '" + name() + "' timed out", null, -1);
                }
                continue;
            }
            flusher = me;
            try {
                plain.setTimeouts(null, orForever(timeout), null);
                sendHead();
            } finally {
                flusher = null;
                waiters.wakeAll();
            }
        }
    }

    private void sendHead() throws IOException {
        byte[] data = netOut.headData();
        int from = netOut.headFrom();
        int to = netOut.headTo();
        try {
            plain.send(data, from, to);
            netOut.consumeHead(to - from);
        } catch (TransferTimeoutException e) {
            netOut.consumeHead(Math.max(0, e.lastIndex() - from));
            throw e;
        } catch (TransferClosedException e) {
            netOut.consumeHead(Math.max(0, e.lastIndex() - from));
            throw e;
        }
    }

    /** Has a short-lived task send what the receiving side queued, so the receiver never blocks on sending. */
    private void flushInBackground() {
        if (netOut.isEmpty() || flusher != null || backgroundFlush || closed) {
            return;
        }
        backgroundFlush = true;
        plain.scheduler().add(plain.name() + ":tls-flush", () -> {
            try {
                flushAll(sendTimeout);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "'" + name() + "': sending TLS control records failed: " + e);
            } finally {
                backgroundFlush = false;
            }
        });
    }

    /** One send attempt of the queued records that never waits; for close and failures. */
    private void trySendNow() {
        if (flusher != null || netOut.isEmpty() || plain.isClosed()) {
            return;
        }
        flusher = Copas.current();
        try {
            plain.setTimeouts(null, Duration.ZERO, null);
            while (!netOut.isEmpty()) {
                sendHead();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "'" + name() + "': last TLS records not sent: " + e.getMessage());
        } finally {
            flusher = null;
        }
    }

    // ---------------------------------------------------------------- failures and closing

    /** Records a fatal TLS error, sends the engine's alert if it can go at once, closes, and names the peer. */
    private IOException fail(SSLException e) {
        if (failure != null) {
            return failure;
        }
        String msg = (handshakeDone ? "TLS connection with " : "TLS handshake with ") + peer + " on '" + name()
                + "' failed: " + e.getMessage();
        SSLException named = handshakeDone ? new SSLException(msg, e) : new SSLHandshakeException(msg);
        if (!handshakeDone) {
            named.initCause(e);
        }
        failure = named;
        LOG.log(System.Logger.Level.DEBUG, msg);
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(NO_DATA, out); // the alert the engine queued
                enqueue(out);
                if (out.position() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException ignored) {
            // nothing more to send
        }
        abort();
        return named;
    }

    /** Closes without a close_notify, sending only what is already queued and can go at once. */
    private void abort() {
        closed = true;
        try {
            if (onOwnTask()) {
                trySendNow();
            }
        } finally {
            plain.close();
            netOut.clear();
            if (onOwnTask()) {
                waiters.wakeAll();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            plain.close();
            return;
        }
        closed = true;
        if (!onOwnTask()) {
            // from the loop (a Copas.timeout callback) or another thread: the close_notify must be
            // sent by a task, so that the peer sees a clean end and not a truncation
            try {
                plain.scheduler().add(name() + ":tls-close", this::closeOnTask);
            } catch (IllegalStateException schedulerClosing) {
                plain.close();
            }
            return;
        }
        closeOnTask();
    }

    /** Sends close_notify (never waiting for the peer), then closes the plain socket. */
    private void closeOnTask() {
        try {
            if (engine != null && failure == null && !engine.isOutboundDone()) {
                engine.closeOutbound();
                try {
                    wrapControl();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "'" + name() + "': no close_notify: " + e.getMessage());
                }
                trySendNow(); // a close never waits for the peer
            }
        } finally {
            plain.close();
            netOut.clear();
            appIn.clear();
            waiters.wakeAll();
        }
    }

    @Override
    public void shutdown(ShutdownMode how) throws IOException {
        Objects.requireNonNull(how, "how");
        if (how != ShutdownMode.RECEIVE) {
            Task me = requireTask("shutdown()");
            if (sender != null) {
                throw new IllegalStateException("task '" + sender.name() + "' is sending on socket '" + name() + "'");
            }
            if (engine != null && !engine.isOutboundDone()) {
                sender = me;
                try {
                    engine.closeOutbound();
                    wrapControl();
                    flushAll(sendTimeout);
                } finally {
                    sender = null;
                }
            }
        }
        plain.shutdown(how);
    }

    private void checkUsable(int lastIndex) throws IOException {
        if (closed || plain.isClosed()) {
            throw new TransferClosedException("socket '" + name() + "' is closed", null, lastIndex, failure);
        }
    }

    // ---------------------------------------------------------------- TLS information

    @Override
    public boolean isHandshakeDone() {
        return handshakeDone;
    }

    @Override
    public boolean isClientMode() {
        return client;
    }

    @Override
    public void setServerName(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        if (hostName.isBlank()) {
            throw new IllegalArgumentException("hostName must not be blank");
        }
        requireClient("setServerName");
        if (engine != null) {
            throw new IllegalStateException("the TLS handshake of socket '" + name() + "' has already started");
        }
        serverName = hostName;
    }

    @Override
    public Optional<String> serverName() {
        if (client) {
            return Optional.ofNullable(sentName);
        }
        if (engine == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(SniKeyManager.requestedName(handshakeDone ? engine.getSession() : engine.getHandshakeSession()));
    }

    @Override
    public Optional<String> applicationProtocol() {
        if (engine == null || !handshakeDone) {
            return Optional.empty();
        }
        String protocol = engine.getApplicationProtocol();
        return protocol == null || protocol.isEmpty() ? Optional.empty() : Optional.of(protocol);
    }

    @Override
    public SSLSession session() {
        if (!handshakeDone) {
            throw new IllegalStateException("the TLS handshake of socket '" + name() + "' is not done");
        }
        return engine.getSession();
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

    // ---------------------------------------------------------------- passed to the plain socket

    @Override
    public String name() {
        return plain.name();
    }

    @Override
    public void setName(String name) {
        plain.setName(name);
    }

    @Override
    public Scheduler scheduler() {
        return plain.scheduler();
    }

    @Override
    public void setTimeout(Duration timeout) {
        Duration t = timeout == null || timeout.isNegative() ? null : timeout;
        connectTimeout = t;
        sendTimeout = t;
        receiveTimeout = t;
    }

    @Override
    public void setTimeouts(Duration connect, Duration send, Duration receive) {
        if (connect != null) {
            connectTimeout = connect.isNegative() ? null : connect;
        }
        if (send != null) {
            sendTimeout = send.isNegative() ? null : send;
        }
        if (receive != null) {
            receiveTimeout = receive.isNegative() ? null : receive;
        }
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public Duration sendTimeout() {
        return sendTimeout;
    }

    @Override
    public Duration receiveTimeout() {
        return receiveTimeout;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return plain.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return plain.remoteAddress();
    }

    @Override
    public boolean isConnected() {
        return !closed && plain.isConnected();
    }

    @Override
    public void setReceiveLimit(int limit) {
        plain.setReceiveLimit(limit);
    }

    @Override
    public int receiveLimit() {
        return plain.receiveLimit();
    }

    @Override
    public boolean isClosed() {
        return closed || plain.isClosed();
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        plain.setOption(option, value);
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return plain.getOption(option);
    }

    @Override
    public SocketChannel channel() {
        return plain.channel();
    }

    @Override
    public String toString() {
        return "TlsSocket[" + name() + ", " + (client ? "client" : "server") + ", " + peer + (isClosed() ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- helpers

    private Task requireTask(String operation) {
        Task me = Copas.currentTask().orElseThrow(() -> new IllegalStateException(
                "TlsSocket." + operation + " on '" + name() + "' must be called from a task of its scheduler"));
        if (me.scheduler() != plain.scheduler()) {
            throw new IllegalStateException("TlsSocket." + operation + " on '" + name() + "' called from task '" + me.name()
                    + "' of another scheduler");
        }
        return me;
    }

    private boolean onOwnTask() {
        return Copas.currentTask().filter(t -> t.scheduler() == plain.scheduler()).isPresent();
    }

    private void requireClient(String operation) {
        if (!client) {
            throw new IllegalStateException("socket '" + name() + "' is the server side of a TLS connection: no " + operation);
        }
    }

    private void spendBudget() {
        if (--budget <= 0) {
            budget = FAIRNESS_BUDGET;
            Copas.pause();
        }
    }

    private static Duration orForever(Duration timeout) {
        return timeout == null ? FOREVER : timeout;
    }

    /** The handshake's overall time limit: the connect timeout bounds the whole handshake, not each wait. */
    private record Deadline(Duration limit, long start) {

        Deadline(Duration limit) {
            this(limit, System.nanoTime());
        }

        Duration remaining() {
            if (limit == null) {
                return null;
            }
            Duration left = limit.minusNanos(System.nanoTime() - start);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    private static void checkRange(byte[] data, int from, int to) {
        Objects.requireNonNull(data, "data");
        if (from < 0 || from > data.length) {
            throw new IllegalArgumentException("from must be within 0.." + data.length + ", was " + from);
        }
        if (to < from || to > data.length) {
            throw new IllegalArgumentException("to must be within " + from + ".." + data.length + ", was " + to);
        }
    }
}

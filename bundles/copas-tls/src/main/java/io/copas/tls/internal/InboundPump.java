package io.copas.tls.internal;

import io.copas.core.Copas;
import io.copas.core.ReceiveLimitException;
import io.copas.core.ReceivePattern;
import io.copas.core.Task;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.core.spi.FillOutcome;
import io.copas.core.spi.PatternReceiver;
import io.copas.core.spi.ReceiveBuffer;
import io.copas.tls.PlainTextPeerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The inbound side: reads raw bytes from the plain socket, unwraps them into the application
 * buffer, and serves the receive patterns from it. This class is the one place where TLS uses the
 * core's {@link ReceiveBuffer} and {@link PatternReceiver} (see {@link Source}).
 */
final class InboundPump {

    /** What one pump step achieved. */
    enum Outcome {
        /** Bytes were read or unwrapped. */
        PROGRESS,
        /** Another task reads raw bytes: this one waited for it, and re-checks. */
        WAITED,
        /** The peer's stream ended (close_notify, or a TCP end: see {@link #truncated}). */
        EOF,
        /** The wait timed out. */
        TIMEOUT,
        /** The socket was closed on this side. */
        CLOSED
    }

    /** Decrypted bytes kept once drained: records are up to 16 KiB, so keep a few records' worth. */
    private static final int APP_KEEP_LIMIT = 64 * 1024;

    /** The content type of a TLS record carrying an alert (TLS 1.3 hides it in application data records). */
    private static final byte ALERT_RECORD = 21;

    /** How much of a peer's plain-text answer a failed handshake quotes. */
    private static final int QUOTED_PLAIN_TEXT = 120;

    private final TlsState s;
    private final ReceiveBuffer appIn = new ReceiveBuffer(APP_KEEP_LIMIT);
    private final Source source = new Source();
    private ByteBuffer netIn; // raw bytes not yet unwrapped, kept in write mode
    private boolean rawEof;
    private boolean truncated;
    private IOException peerCloseCause;

    InboundPump(TlsState state) {
        this.s = state;
    }

    /** The cause of the peer's TCP end, if the plain socket gave one. */
    IOException peerCloseCause() {
        return peerCloseCause;
    }

    /** Receives by {@code pattern} as a plain socket does, pumping records as needed. */
    byte[] receive(ReceivePattern pattern, byte[] prefix, boolean partial) throws IOException {
        return PatternReceiver.receive(appIn, pattern, prefix, partial, s.plain.receiveLimit(), source);
    }

    /**
     * Drops buffered application data on close, unless a receiver is woken by the close: as on a
     * plain socket, that one gets the data in its exception.
     */
    void releaseUnlessReceiving() {
        if (!TlsState.active(s.receiving.holder())) {
            appIn.clear();
        }
    }

    /** Waits until application data arrives: PROGRESS, or EOF, TIMEOUT, CLOSED. */
    private Outcome fill() throws IOException {
        int before = appIn.available();
        for (int steps = 0; ; steps++) {
            if (s.isClosed()) {
                return Outcome.CLOSED;
            }
            Outcome outcome = pump(s.receiveTimeout);
            if (appIn.available() > before) {
                return Outcome.PROGRESS;
            }
            if (outcome == Outcome.WAITED) {
                steps = 0; // a wait is not a spin
                continue;
            }
            if (outcome != Outcome.PROGRESS) {
                return outcome;
            }
            if (steps > TlsState.STEP_LIMIT) {
                throw s.closer.fail(new SSLException("the TLS engine made no progress"));
            }
        }
    }

    /**
     * Makes inbound progress once: unwraps what is buffered, else reads raw bytes once (or waits
     * for the task that does).
     */
    Outcome pump(Duration timeout) throws IOException {
        Task me = Copas.current();
        if (TlsState.active(s.rawReader) && s.rawReader != me) {
            return s.waiters.await(timeout) ? Outcome.WAITED : Outcome.TIMEOUT;
        }
        if (unwrapBuffered()) {
            if (s.handshakeDone && s.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                s.outbound.wrapControl(); // key update answer, close_notify answer, renegotiation
                s.outbound.flushInBackground();
            }
            return Outcome.PROGRESS;
        }
        if (s.engine.isInboundDone()) {
            return Outcome.EOF;
        }
        if (rawEof) {
            markTruncated();
            return Outcome.EOF;
        }
        if (s.isClosed()) {
            return Outcome.CLOSED;
        }
        s.rawReader = me;
        try {
            return readRaw(timeout);
        } finally {
            s.rawReader = null;
            s.waiters.wakeAll();
        }
    }

    private Outcome readRaw(Duration timeout) throws IOException {
        ensureNetInRoom();
        s.plain.setTimeouts(null, null, TlsState.orForever(timeout));
        try {
            netIn.put(s.plain.receivePartial(ReceivePattern.bytes(netIn.remaining()), null));
        } catch (TransferTimeoutException e) {
            netIn.put(e.partialData());
            return Outcome.TIMEOUT;
        } catch (TransferClosedException e) {
            netIn.put(e.partialData());
            if (s.isClosed()) {
                return Outcome.CLOSED;
            }
            rawEof = true; // what is still buffered is unwrapped before the end is reported
            peerCloseCause = e.getCause() instanceof IOException io ? io : null;
        }
        return Outcome.PROGRESS;
    }

    private void markTruncated() {
        if (truncated) {
            return;
        }
        truncated = true;
        try {
            s.engine.closeInbound();
        } catch (SSLException | RuntimeException e) {
            TlsState.LOG.log(System.Logger.Level.DEBUG, () -> "'" + s.name() + "': " + e.getMessage());
        }
    }

    /**
     * The handshake failure {@code e}, saying what the peer sent when that is plain text: a server
     * that refuses in clear on a TLS port (Exim's "421 Too many concurrent SMTP connections", an
     * HTTP server's "400 Bad Request") has said why, and "plaintext connection?" alone hides it.
     * Client side only: what a plain client sends a server (a request line with a token, say)
     * has no place in its logs.
     */
    static Exception quotingPlainText(Exception e, ByteBuffer raw) {
        int end = Math.min(raw.limit(), raw.position() + QUOTED_PLAIN_TEXT);
        StringBuilder text = new StringBuilder();
        for (int i = raw.position(); i < end; i++) {
            int b = raw.get(i) & 0xff;
            if (b == '\r' || b == '\n') {
                break; // the first line says enough
            }
            if (b < 0x20 && b != '\t' || b > 0x7e) {
                return e; // not text: a TLS peer of another kind, or garbage
            }
            text.append((char) b);
        }
        if (text.length() < 3) {
            return e;
        }
        PlainTextPeerException quoted = new PlainTextPeerException(
                e.getMessage() + " (the peer sent plain text: '" + text + "')", text.toString());
        quoted.initCause(e);
        return quoted;
    }

    /** Unwraps the buffered raw bytes; {@code true} if anything was consumed or produced. */
    private boolean unwrapBuffered() throws IOException {
        if (netIn == null || netIn.position() == 0 || s.engine.isInboundDone()) {
            return false;
        }
        boolean progress = false;
        int room = s.engine.getSession().getApplicationBufferSize();
        netIn.flip();
        try {
            while (netIn.hasRemaining()) {
                ByteBuffer dst = appIn.tail(room);
                SSLEngineResult r;
                try {
                    r = s.engine.unwrap(netIn, dst);
                } catch (SSLException | RuntimeException e) {
                    throw s.closer.fail(s.handshakeDone || !s.engine.getUseClientMode() ? e : quotingPlainText(e, netIn));
                } finally {
                    appIn.commit(dst);
                }
                if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                    progress = true;
                }
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        room = Math.max(room * 2, s.engine.getSession().getApplicationBufferSize());
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
                refuseClientRenegotiation(hs);
                if (hs == HandshakeStatus.NEED_TASK) {
                    s.runDelegatedTasks();
                    hs = s.engine.getHandshakeStatus();
                    progress = true;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    return true;
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    return progress;
                }
                if (r.bytesProduced() > 0 && netIn.hasRemaining() && netIn.get(netIn.position()) == ALERT_RECORD) {
                    // an alert right behind data (TLS 1.2's close_notify after a request, say) waits until
                    // that data is read: its close_notify closes the sending side too, and the data may want
                    // an answer first, as a JDK SSLSocket or OpenSSL, which read a record at a time, give it
                    return true;
                }
            }
            return progress;
        } finally {
            netIn.compact();
        }
    }

    /**
     * A TLS 1.2 (or older) server whose engine starts handshaking again after the initial
     * handshake got a ClientHello: a client-initiated renegotiation, refused as a denial of
     * service vector (each one costs the server a key exchange). The JDK's own switch,
     * {@code jdk.tls.rejectClientInitiatedRenegotiation}, is JVM-wide, so the driver checks. In
     * TLS 1.3 the same status means a key update, which is fine.
     */
    private void refuseClientRenegotiation(HandshakeStatus hs) throws IOException {
        if (s.client || !s.handshakeDone || hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED
                || "TLSv1.3".equals(s.engine.getSession().getProtocol())) {
            return;
        }
        throw s.closer.fail(new SSLHandshakeException("client-initiated renegotiation is refused"));
    }

    private void ensureNetInRoom() {
        int packet = s.engine.getSession().getPacketBufferSize();
        if (netIn == null) {
            netIn = ByteBuffer.allocate(2 * packet);
        } else if (netIn.capacity() < packet || !netIn.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * netIn.capacity(), 2 * packet));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
    }

    /** What the receive patterns need from the TLS side: the one adapter to the core's receive SPI. */
    private final class Source implements PatternReceiver.Source {

        @Override
        public FillOutcome fill() throws IOException {
            return switch (InboundPump.this.fill()) {
                case PROGRESS, WAITED -> FillOutcome.DATA;
                case EOF -> FillOutcome.END;
                case TIMEOUT -> FillOutcome.TIMEOUT;
                case CLOSED -> FillOutcome.CLOSED;
            };
        }

        @Override
        public boolean cleanEnd() {
            return !truncated;
        }

        @Override
        public IOException failure(FillOutcome outcome, byte[] partialData) {
            if (outcome == FillOutcome.TIMEOUT) {
                return new TransferTimeoutException("receive on '" + s.name() + "' from " + s.peer + " timed out",
                        partialData, -1);
            }
            if (outcome == FillOutcome.END && !truncated) {
                return new TransferClosedException("socket '" + s.name() + "' closed by " + s.peer + " (close_notify)",
                        partialData, -1, null);
            }
            if (outcome == FillOutcome.END) {
                String why = "socket '" + s.name() + "' closed by " + s.peer
                        + " without close_notify: the data may be truncated";
                return new TransferClosedException(why, partialData, -1, new SSLException(why, peerCloseCause));
            }
            return new TransferClosedException("socket '" + s.name() + "' is closed", partialData, -1, s.failure);
        }

        @Override
        public ReceiveLimitException limitExceeded(ReceivePattern pattern, int limit, byte[] partialData) {
            return new ReceiveLimitException(PatternReceiver.limitMessage("'" + s.name() + "' from " + s.peer, pattern, limit),
                    partialData, limit);
        }

        @Override
        public void delivered() {
            s.spendBudget();
        }
    }
}

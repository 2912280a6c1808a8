package io.copas.tls.internal;

import io.copas.core.Copas;
import io.copas.core.Task;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The outbound side: wraps application data and control messages into records, queues them in
 * engine order ({@link OutboundQueue}) and sends them through the plain socket.
 *
 * <p>Memory: the queue is bounded ({@link #MAX_QUEUED}); a peer that makes us answer (key
 * update requests, say) but never reads fails the connection instead of growing it. The wrap
 * buffers are reused: application records are queued straight from the data buffer, which is
 * reused once they are sent; control records are copied out of theirs.
 */
final class OutboundPump {

    /** Most bytes of records waiting to be sent: several send batches; beyond it the peer does not read. */
    static final int MAX_QUEUED = 256 * 1024;
    /** Largest TLS plaintext record. */
    private static final int MAX_RECORD = 16 * 1024;
    /** Records wrapped before each send: a few per kernel write, little memory per send. */
    private static final int RECORDS_PER_SEND = 4;
    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    /** Why a data wrap stopped before the data ran out or the buffer filled. */
    private enum Stop { FULL, CLOSED, NEEDS_PEER }

    private final TlsState s;
    private final OutboundQueue queue = new OutboundQueue();
    private ByteBuffer dataBuffer;
    private ByteBuffer controlBuffer;
    private boolean backgroundFlush;

    OutboundPump(TlsState state) {
        this.s = state;
    }

    /** Encrypts and sends {@code data[from, to)}; the caller is the socket's one sender. */
    int send(byte[] data, int from, int to) throws IOException {
        int next = from;
        for (int stalls = 0; ; ) {
            s.checkUsable(next);
            int before = next;
            boolean needsPeer = TlsState.isUnwrapping(s.engine.getHandshakeStatus());
            boolean outboundClosed = false;
            if (next < to && !needsPeer) {
                ByteBuffer src = ByteBuffer.wrap(data, next, to - next);
                Stop stop = wrapData(src);
                next = src.position();
                outboundClosed = stop == Stop.CLOSED;
                needsPeer = stop == Stop.NEEDS_PEER;
            }
            try {
                flushAll(s.sendTimeout);
            } catch (TransferTimeoutException e) {
                throw new TransferTimeoutException("send on '" + s.name() + "' to " + s.peer + " timed out", null, next);
            } catch (TransferClosedException e) {
                throw closedDuringSend(next, e);
            }
            if (outboundClosed) {
                throw new TransferClosedException("TLS connection on '" + s.name() + "' with " + s.peer
                        + " is closed for sending (close_notify)", null, next, s.failure);
            }
            if (needsPeer) {
                awaitPeerHandshake(next);
            }
            if (next >= to) {
                return to;
            }
            stalls = next == before && !needsPeer ? stalls + 1 : 0;
            if (stalls > TlsState.STEP_LIMIT) {
                throw s.closer.fail(new SSLException("the TLS engine made no progress"));
            }
        }
    }

    /** Wraps up to {@link #RECORDS_PER_SEND} records of {@code src} and queues them. */
    private Stop wrapData(ByteBuffer src) throws IOException {
        int packet = s.engine.getSession().getPacketBufferSize();
        int records = Math.min(RECORDS_PER_SEND, (src.remaining() + MAX_RECORD - 1) / MAX_RECORD);
        ByteBuffer out = dataBuffer(records * packet);
        try {
            while (src.hasRemaining() && out.remaining() >= packet) {
                SSLEngineResult r = wrap(src, out);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return Stop.CLOSED;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    packet = Math.max(packet * 2, s.engine.getSession().getPacketBufferSize());
                    if (out.position() > 0) {
                        return Stop.FULL;
                    }
                    out = dataBuffer(packet);
                    continue;
                }
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    s.runDelegatedTasks();
                    hs = s.engine.getHandshakeStatus();
                }
                if (TlsState.isUnwrapping(hs)) {
                    // a renegotiation waits for the peer: application data waits until it is done,
                    // as peers such as OpenSSL refuse it in the middle of a handshake
                    return Stop.NEEDS_PEER;
                }
            }
            return Stop.FULL;
        } finally {
            enqueue(out.array(), out.position());
        }
    }

    /**
     * The data buffer, cleared, with room for {@code size} bytes: the kept one, unless it is too
     * small or still queued (a send that timed out left part of it unsent).
     */
    private ByteBuffer dataBuffer(int size) {
        if (dataBuffer == null || dataBuffer.capacity() < size || queue.holds(dataBuffer.array())) {
            dataBuffer = ByteBuffer.allocate(size);
        }
        return dataBuffer.clear();
    }

    private void awaitPeerHandshake(int next) throws IOException {
        InboundPump.Outcome outcome = s.inbound.pump(s.sendTimeout);
        if (outcome == InboundPump.Outcome.TIMEOUT) {
            throw new TransferTimeoutException("send on '" + s.name() + "' to " + s.peer
                    + " timed out waiting for the peer's handshake", null, next);
        }
        if (outcome != InboundPump.Outcome.PROGRESS && outcome != InboundPump.Outcome.WAITED) {
            throw new TransferClosedException("socket '" + s.name() + "' closed by " + s.peer + " during a renegotiation",
                    null, next, s.inbound.peerCloseCause());
        }
    }

    private TransferClosedException closedDuringSend(int lastIndex, TransferClosedException e) {
        if (s.closed || s.failure != null) {
            return new TransferClosedException("socket '" + s.name() + "' is closed", null, lastIndex,
                    s.failure != null ? s.failure : e.getCause());
        }
        return new TransferClosedException("send on '" + s.name() + "' to " + s.peer + " failed: " + e.getMessage(), null,
                lastIndex, e.getCause());
    }

    /** Wraps what the engine wants to send without application data (handshake, alerts, key updates). */
    void wrapControl() throws IOException {
        ByteBuffer out = controlBuffer();
        for (int steps = 0; steps < TlsState.STEP_LIMIT; steps++) {
            SSLEngineResult r = wrap(NO_DATA, out);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (out.position() == 0) {
                    controlBuffer = ByteBuffer.allocate(2 * out.capacity());
                    out = controlBuffer;
                } else {
                    enqueueCopy(out);
                }
                continue;
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                s.runDelegatedTasks();
                hs = s.engine.getHandshakeStatus();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED || hs != HandshakeStatus.NEED_WRAP || r.bytesProduced() == 0) {
                break;
            }
        }
        enqueueCopy(out);
    }

    /** Queues the alert the engine has after a failure, if any; never fails. */
    void queueAlert() {
        try {
            ByteBuffer out = controlBuffer();
            for (int i = 0; i < 4 && !s.engine.isOutboundDone(); i++) {
                s.engine.wrap(NO_DATA, out);
                if (out.position() == 0) {
                    break;
                }
                queue.add(Arrays.copyOf(out.array(), out.position()), out.position());
                out.clear();
            }
        } catch (SSLException | RuntimeException ignored) {
            // nothing more to send
        }
    }

    private ByteBuffer controlBuffer() {
        int packet = s.engine.getSession().getPacketBufferSize();
        if (controlBuffer == null || controlBuffer.capacity() < packet) {
            controlBuffer = ByteBuffer.allocate(packet);
        }
        return controlBuffer.clear();
    }

    /** One engine wrap; a failure of the engine, checked or not, queues what it produced and fails the connection. */
    private SSLEngineResult wrap(ByteBuffer src, ByteBuffer out) throws IOException {
        try {
            return s.engine.wrap(src, out);
        } catch (SSLException | RuntimeException e) {
            queue.add(Arrays.copyOf(out.array(), out.position()), out.position());
            out.clear();
            throw s.closer.fail(e);
        }
    }

    private void enqueueCopy(ByteBuffer out) throws IOException {
        enqueue(Arrays.copyOf(out.array(), out.position()), out.position());
        out.clear();
    }

    private void enqueue(byte[] data, int length) throws IOException {
        if (length == 0 || s.failure != null) {
            return; // after a failure only its alert goes out, queued by queueAlert
        }
        if (queue.bytes() + length > MAX_QUEUED) {
            throw s.closer.fail(new SSLException(s.peer + " does not read: more than " + MAX_QUEUED / 1024
                    + " KiB of TLS records wait to be sent (for example answers to its key update requests)"));
        }
        queue.add(data, length);
    }

    /** Sends every queued record, waiting for another flushing task if there is one. */
    void flushAll(Duration timeout) throws IOException {
        Task me = Copas.current();
        while (!queue.isEmpty()) {
            if (s.isClosed()) {
                throw new TransferClosedException("socket '" + s.name() + "' is closed", null, -1, s.failure);
            }
            if (TlsState.active(s.flusher) && s.flusher != me) {
                if (!s.waiters.await(timeout)) {
                    throw new TransferTimeoutException("send on '" + s.name() + "' timed out", null, -1);
                }
                s.checkUsable(-1); // a close meanwhile may have dropped the records this flush waits for
                continue;
            }
            s.flusher = me;
            try {
                s.plain.setTimeouts(null, TlsState.orForever(timeout), null);
                sendHead();
            } finally {
                s.flusher = null;
                s.waiters.wakeAll();
            }
        }
    }

    private void sendHead() throws IOException {
        byte[] data = queue.headData();
        int from = queue.headFrom();
        int to = queue.headTo();
        try {
            s.plain.send(data, from, to);
            queue.consumeHead(data, to - from);
        } catch (TransferTimeoutException e) {
            queue.consumeHead(data, Math.max(0, e.lastIndex() - from));
            throw e;
        } catch (TransferClosedException e) {
            queue.consumeHead(data, Math.max(0, e.lastIndex() - from)); // nothing left if a close cleared the queue
            throw e;
        }
    }

    /** Has a short-lived task send what the receiving side queued, so the receiver never blocks on sending. */
    void flushInBackground() {
        if (queue.isEmpty() || TlsState.active(s.flusher) || backgroundFlush || s.closed) {
            return;
        }
        backgroundFlush = true;
        s.plain.scheduler().add(s.plain.name() + ":tls-flush", () -> {
            try {
                flushAll(s.sendTimeout);
            } catch (IOException e) {
                TlsState.LOG.log(System.Logger.Level.DEBUG, () -> "'" + s.name() + "': sending TLS control records failed: " + e);
            } finally {
                backgroundFlush = false;
            }
        });
    }

    /** One send attempt of the queued records that never waits; for close and failures. */
    void trySendNow() {
        if (TlsState.active(s.flusher) || queue.isEmpty() || s.plain.isClosed()) {
            return;
        }
        s.flusher = Copas.current();
        try {
            s.plain.setTimeouts(null, Duration.ZERO, null);
            while (!queue.isEmpty()) {
                sendHead();
            }
        } catch (IOException e) {
            TlsState.LOG.log(System.Logger.Level.DEBUG, () -> "'" + s.name() + "': last TLS records not sent: " + e.getMessage());
        } finally {
            s.flusher = null;
        }
    }

    /** Drops what is still queued (the connection is closed). */
    void clear() {
        queue.clear();
    }
}

package io.copas.tls.internal;

import io.copas.core.ShutdownMode;
import io.copas.core.Task;
import io.copas.core.TransferTimeoutException;
import io.copas.tls.PlainTextPeerException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Ends a connection: a fatal TLS error ({@link #fail}), an abort without close_notify, a close
 * with close_notify from any thread, and the half close {@link #shutdown}.
 */
final class Closer {

    private final TlsState s;
    /** A close from outside the scheduler's tasks has been handed to a task (the first one wins). */
    private final AtomicBoolean closeHandedOver = new AtomicBoolean();
    /** The plain socket has been closed by this side; loop-confined. */
    private boolean done;

    Closer(TlsState state) {
        this.s = state;
    }

    /**
     * Records a fatal error of the engine (an {@link SSLException}, or any other exception an
     * engine throws, which is a bug of the engine but must end this connection only), sends the
     * engine's alert if it can go at once, closes, and returns the error to throw, naming the peer.
     */
    IOException fail(Exception e) {
        if (s.failure != null) {
            return s.failure;
        }
        String reason = e instanceof SSLException ? e.getMessage() : "the TLS engine failed: " + e;
        String msg = (s.handshakeDone ? "TLS connection with " : "TLS handshake with ") + s.peer + " on '" + s.name()
                + "' failed: " + reason;
        SSLException named = s.handshakeDone ? new SSLException(msg, e)
                : e instanceof PlainTextPeerException plainText ? new PlainTextPeerException(msg, plainText.peerText())
                : new SSLHandshakeException(msg);
        if (!s.handshakeDone) {
            named.initCause(e);
        }
        s.failure = named;
        TlsState.LOG.log(System.Logger.Level.DEBUG, msg);
        if (s.engine != null) {
            s.outbound.queueAlert();
        }
        abort();
        return named;
    }

    /** Closes without a close_notify, sending only what is already queued and can go at once. */
    void abort() {
        s.closed = true;
        done = true;
        try {
            if (s.onOwnTask()) {
                s.outbound.trySendNow();
            }
        } finally {
            s.plain.close();
            s.outbound.clear();
            if (s.onOwnTask()) {
                s.waiters.wakeAll();
            }
        }
    }

    /**
     * Closes with a close_notify, from any thread. From a task of the scheduler it happens now;
     * from elsewhere (the loop, a timeout callback, another thread) it is handed to a task, so
     * that the close_notify goes out and the peer sees a clean end, not a truncation; further
     * calls from elsewhere leave that task to it.
     */
    void close() {
        s.closed = true;
        if (s.onOwnTask()) {
            closeOnTask();
            return;
        }
        if (!closeHandedOver.compareAndSet(false, true)) {
            return; // a task already has it: closing the plain socket now would cut the close_notify off
        }
        try {
            Task closing = s.plain.scheduler().add(s.name() + ":tls-close", this::closeOnTask);
            closing.whenDone(s.plain::close); // even when the scheduler ends the task before it ran
        } catch (IllegalStateException schedulerClosing) {
            s.plain.close();
        }
    }

    /** Sends close_notify (never waiting for the peer), then closes the plain socket; once. */
    private void closeOnTask() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (s.engine != null && s.failure == null) {
                if (!s.engine.isOutboundDone()) {
                    s.engine.closeOutbound();
                    try {
                        s.outbound.wrapControl();
                    } catch (IOException e) {
                        TlsState.LOG.log(System.Logger.Level.DEBUG, () -> "'" + s.name() + "': no close_notify: " + e.getMessage());
                    }
                }
                // a close never waits for the peer; what is queued goes too, such as the answer to the
                // peer's close_notify (TLS 1.2), which a background send would only try after the close
                s.outbound.trySendNow();
            }
        } finally {
            s.plain.close();
            s.outbound.clear();
            s.inbound.releaseUnlessReceiving();
            s.waiters.wakeAll();
        }
    }

    /** Half close: {@code SEND} sends close_notify and waits until it is out; then the plain socket's shutdown. */
    void shutdown(ShutdownMode how) throws IOException {
        s.checkUsable(-1); // not the plain channel's ClosedChannelException
        if (how != ShutdownMode.RECEIVE) {
            Task me = s.requireTask("shutdown()");
            TurnLine.Taken turn = s.sending.take(me, s.sendTimeout, s, -1); // close_notify goes after the sends before it
            if (turn == TurnLine.Taken.TIMED_OUT) {
                throw new TransferTimeoutException("shutdown of '" + s.name() + "' timed out waiting in line behind task '"
                        + s.sending.holder().name() + "'", null, -1);
            }
            try {
                if (s.engine != null && !s.engine.isOutboundDone()) {
                    s.engine.closeOutbound();
                    s.outbound.wrapControl();
                    s.outbound.flushAll(s.sendTimeout);
                }
            } finally {
                s.sending.leave(turn);
            }
        }
        s.plain.shutdown(how);
    }
}

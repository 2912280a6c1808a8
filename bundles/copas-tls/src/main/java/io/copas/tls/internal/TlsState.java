package io.copas.tls.internal;

import io.copas.core.Copas;
import io.copas.core.Task;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.tls.TlsParameters;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * The state of one TLS connection, shared by the parts that drive its {@link SSLEngine}:
 * {@link Handshaker}, {@link InboundPump}, {@link OutboundPump} and {@link Closer}.
 *
 * <p><b>The rule: no engine operation is ever half-done across a yield.</b> Between two yields a
 * task's code is atomic with respect to the other tasks of its scheduler, so the parts need no
 * lock as long as every {@code wrap}/{@code unwrap} is followed, before anything can yield, by
 * moving its whole output where it belongs: records into the {@link OutboundQueue}, application
 * bytes into the inbound buffer, a failure into {@link #failure}. Whichever task runs next then
 * finds the engine between two operations and the buffers consistent. Only the plain socket's
 * calls and {@link Waiters#await} yield; around them, roles say who does what:
 * <ul>
 * <li>{@link #rawReader}: the one task reading raw bytes (the receiver, or a sender or handshaker
 * that needs the peer's handshake data); others wait for it to make progress;</li>
 * <li>{@link #flusher}: the one task sending queued records; records are queued in engine order
 * before anyone sends, so order holds whoever sends them;</li>
 * <li>{@link #handshaking}: the task running the initial handshake; others wait for it;</li>
 * <li>{@link #receiving} and {@link #sending}: one receiver and one sender at a time, the others in
 * line, as on plain sockets.</li>
 * </ul>
 * Every field but {@link #closed} is touched only by tasks of the plain socket's scheduler.
 */
final class TlsState {

    static final System.Logger LOG = System.getLogger("io.copas.tls");
    /** Engine steps without I/O after which the engine is declared stuck (never seen; guards the loop). */
    static final int STEP_LIMIT = 100_000;
    /** Operations served without a yield before the task pauses once, so others get their turn. */
    private static final int FAIRNESS_BUDGET = 64;
    private static final Duration FOREVER = Duration.ofSeconds(-1);

    final TcpSocket plain;
    final TlsParameters params;
    final boolean client;
    final Waiters waiters = new Waiters();
    final Handshaker handshaker;
    final InboundPump inbound;
    final OutboundPump outbound;
    final Closer closer;

    SSLEngine engine;
    /** The peer as messages name it: {@code host at /address:port}. */
    String peer = "unconnected peer";
    Duration connectTimeout;
    Duration sendTimeout;
    Duration receiveTimeout;

    Task handshaking;
    Task rawReader;
    Task flusher;
    final TurnLine receiving = new TurnLine();
    final TurnLine sending = new TurnLine();
    boolean handshakeDone;
    /** The fatal TLS error that closed the connection, if any. */
    IOException failure;
    /** Set at once by {@link Closer#close()} from any thread; operations fail from then on. */
    volatile boolean closed;
    private int budget = FAIRNESS_BUDGET;

    @SuppressWarnings("this-escape") // the parts only keep the reference; nothing runs before construction ends
    TlsState(TcpSocket plain, TlsParameters params, boolean client) {
        this.plain = Objects.requireNonNull(plain, "socket");
        this.params = Objects.requireNonNull(params, "params");
        this.client = client;
        this.connectTimeout = plain.connectTimeout();
        this.sendTimeout = plain.sendTimeout();
        this.receiveTimeout = plain.receiveTimeout();
        this.handshaker = new Handshaker(this);
        this.inbound = new InboundPump(this);
        this.outbound = new OutboundPump(this);
        this.closer = new Closer(this);
    }

    String name() {
        return plain.name();
    }

    boolean isClosed() {
        return closed || plain.isClosed();
    }

    /** Fails when the connection is closed, carrying {@code lastIndex} and the failure that closed it. */
    void checkUsable(int lastIndex) throws IOException {
        if (isClosed()) {
            throw new TransferClosedException("socket '" + name() + "' is closed", null, lastIndex, failure);
        }
    }

    /** Runs the engine's delegated tasks inline: CPU work (key exchange, certificate checks); the task owns the turn anyway. */
    void runDelegatedTasks() throws IOException {
        try {
            for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                task.run();
            }
        } catch (RuntimeException e) {
            throw closer.fail(e);
        }
    }

    /** A socket timeout for the plain socket: {@code null} (none) becomes its "forever". */
    static Duration orForever(Duration timeout) {
        return timeout == null ? FOREVER : timeout;
    }

    static boolean isUnwrapping(HandshakeStatus hs) {
        return hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
    }

    Task requireTask(String operation) {
        Task me = Copas.currentTask().orElseThrow(() -> new IllegalStateException(
                "TlsSocket." + operation + " on '" + name() + "' must be called from a task of its scheduler"));
        if (me.scheduler() != plain.scheduler()) {
            throw new IllegalStateException("TlsSocket." + operation + " on '" + name() + "' called from task '" + me.name()
                    + "' of another scheduler");
        }
        return me;
    }

    boolean onOwnTask() {
        return Copas.currentTask().filter(t -> t.scheduler() == plain.scheduler()).isPresent();
    }

    /**
     * Whether {@code holder} of a role on this socket (raw reader, flusher, handshaker) is a task
     * still running: one dropped by its loop (it swallowed its removal and waited again) never
     * ran the finally that gives the role back, and holds nothing. No one waits behind it: it
     * took the role free, and its next yield dropped it.
     */
    static boolean active(Task holder) {
        return holder != null && !holder.isDone();
    }

    /** Counts one operation served without a yield; pauses once the budget is spent. */
    void spendBudget() {
        if (--budget <= 0) {
            budget = FAIRNESS_BUDGET;
            Copas.pause();
        }
    }
}

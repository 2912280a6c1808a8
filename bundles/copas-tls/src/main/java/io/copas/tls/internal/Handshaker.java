package io.copas.tls.internal;

import io.copas.core.Task;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.tls.internal.jfr.HandshakeEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NotYetConnectedException;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The initial handshake: creates the engine (client identity: SNI and the verified name), runs
 * the handshake in one task under one deadline, and makes the other tasks wait for it.
 */
final class Handshaker {

    private final TlsState s;
    private String serverName;
    private String connectHost;
    private String sentName;

    Handshaker(TlsState state) {
        this.s = state;
        this.serverName = state.client ? state.params.serverName() : null;
    }

    /** Client side, before the engine exists: the name to send as SNI and verify. */
    void setServerName(String hostName) {
        if (s.engine != null) {
            throw new IllegalStateException("the TLS handshake of socket '" + s.name() + "' has already started");
        }
        serverName = hostName;
    }

    /** Client side: the host given to connect, the default SNI and verified name. */
    void setConnectHost(String host) {
        connectHost = host;
    }

    /** Client side: the SNI name sent, or {@code null}. */
    String sentName() {
        return sentName;
    }

    /**
     * The whole handshake's limit: the parameters' handshake timeout and the socket's connect
     * timeout, whichever is shorter; {@code null} when neither is set.
     */
    Duration limit() {
        Duration connect = s.connectTimeout;
        Duration handshake = s.params.handshakeTimeout();
        if (connect == null || handshake == null) {
            return connect == null ? handshake : connect;
        }
        return connect.compareTo(handshake) <= 0 ? connect : handshake;
    }

    /** Completes the handshake, or waits for the task that runs it; returns at once when done. */
    void handshake(Task me) throws IOException {
        Deadline waiting = null; // for another task's handshake: one limit over every wake-up
        while (!s.handshakeDone) {
            s.checkUsable(-1);
            if (!TlsState.active(s.handshaking)) {
                run(me);
                continue;
            }
            if (waiting == null) {
                waiting = new Deadline(limit(), s.plain.scheduler().clock());
            }
            if (!s.waiters.await(waiting.remaining())) {
                throw new TransferTimeoutException("waiting for the TLS handshake with " + s.peer + " on '" + s.name()
                        + "' timed out", null, -1);
            }
        }
    }

    private void run(Task me) throws IOException {
        s.handshaking = me;
        Object flight = TlsFlight.on() ? HandshakeEvents.started() : null;
        Throwable failure = null;
        try {
            runHandshake();
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            s.handshaking = null;
            s.waiters.wakeAll();
            if (flight != null) {
                recordHandshake(flight, failure);
            }
        }
    }

    private void runHandshake() throws IOException {
        Deadline deadline = new Deadline(limit(), s.plain.scheduler().clock());
        try {
            if (s.engine == null) {
                s.engine = createEngine();
            }
            try {
                s.engine.beginHandshake();
            } catch (SSLException | RuntimeException e) {
                throw s.closer.fail(e);
            }
            for (int steps = 0; !step(deadline); steps++) {
                if (steps > TlsState.STEP_LIMIT) {
                    throw s.closer.fail(new SSLHandshakeException("the TLS engine made no progress"));
                }
            }
        } catch (TransferTimeoutException e) {
            s.closer.abort();
            throw new TransferTimeoutException("TLS handshake with " + s.peer + " on '" + s.name() + "' timed out after "
                    + limit(), null, -1);
        } catch (TransferClosedException e) {
            if (s.closed || s.failure != null) {
                throw e;
            }
            SSLHandshakeException lost = new SSLHandshakeException("TLS handshake with " + s.peer + " on '" + s.name()
                    + "' failed: the connection was lost: " + e.getMessage());
            lost.initCause(e);
            s.failure = lost;
            s.closer.abort();
            throw lost;
        }
    }

    /** Commits the handshake's Flight Recorder event: peer, side, and what was agreed or why it failed. */
    private void recordHandshake(Object flight, Throwable failure) {
        SocketAddress remote = null;
        try {
            remote = s.plain.remoteAddress();
        } catch (IOException | RuntimeException closed) {
            // closed by the failure: the address is unknown
        }
        InetSocketAddress inet = remote instanceof InetSocketAddress i ? i : null;
        javax.net.ssl.SSLSession session = failure == null && s.engine != null ? s.engine.getSession() : null;
        HandshakeEvents.ended(flight, s.plain.scheduler().name(), s.name(),
                sentName != null ? sentName : connectHost != null ? connectHost : inet != null ? inet.getHostString() : null,
                inet != null ? inet.getPort() : -1, s.client,
                session == null ? null : session.getProtocol(), session == null ? null : session.getCipherSuite(),
                failure == null ? null : String.valueOf(failure.getMessage()));
    }

    /** One step of the engine's handshake; {@code true} once it is done. */
    private boolean step(Deadline deadline) throws IOException {
        s.checkUsable(-1);
        switch (s.engine.getHandshakeStatus()) {
            case NEED_TASK -> s.runDelegatedTasks();
            case NEED_WRAP -> s.outbound.wrapControl();
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                s.outbound.flushAll(deadline.remaining());
                InboundPump.Outcome outcome = s.inbound.pump(deadline.remaining());
                if (outcome == InboundPump.Outcome.TIMEOUT) {
                    throw new TransferTimeoutException("handshake", null, -1);
                }
                if (outcome == InboundPump.Outcome.EOF) {
                    SSLHandshakeException e = new SSLHandshakeException("the peer closed the connection during the handshake");
                    e.initCause(s.inbound.peerCloseCause());
                    throw s.closer.fail(e);
                }
                s.checkUsable(-1);
            }
            default -> {
                boolean closing = s.engine.isInboundDone() || s.engine.isOutboundDone();
                if (closing && !sessionEstablished()) {
                    s.outbound.wrapControl(); // throws the engine's own reason (e.g. a failed certificate check), if any
                    throw s.closer.fail(new SSLHandshakeException("the connection was closed during the handshake"));
                }
                if (closing) {
                    // the handshake finished and the peer closed at once: a TLS 1.2 peer's last flight, its
                    // data and its close_notify come in one read. Done: the data is read, then the end
                    // (this was a failed handshake that lost the data). Our answer goes out if it can.
                    s.outbound.flushInBackground();
                } else {
                    s.outbound.flushAll(deadline.remaining());
                }
                s.handshakeDone = true;
                TlsState.LOG.log(System.Logger.Level.DEBUG, () -> "TLS handshake with " + s.peer + " on '" + s.name()
                        + "' done: " + s.engine.getSession().getProtocol() + " " + s.engine.getSession().getCipherSuite());
                return true;
            }
        }
        return false;
    }

    /** Whether the engine agreed on a session: a handshake that failed leaves the null session. */
    private boolean sessionEstablished() {
        javax.net.ssl.SSLSession session = s.engine.getSession();
        return session != null && !"SSL_NULL_WITH_NULL_NULL".equals(session.getCipherSuite());
    }

    private SSLEngine createEngine() throws IOException {
        SocketAddress remote = s.plain.remoteAddress();
        if (remote == null) {
            throw new NotYetConnectedException();
        }
        InetSocketAddress inet = remote instanceof InetSocketAddress i ? i : null;
        if (!s.client) {
            s.peer = remote.toString();
            return Engines.server(s.params);
        }
        String host = serverName != null ? serverName
                : connectHost != null ? connectHost
                : inet != null && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
        sentName = host != null && !Engines.isAddressLiteral(host) ? host : null;
        s.peer = (host != null && !host.equals(inet == null ? null : inet.getHostString()) ? host + " at " : "") + remote;
        return Engines.client(s.params, host, inet == null ? -1 : inet.getPort());
    }
}

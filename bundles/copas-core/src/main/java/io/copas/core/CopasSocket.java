package io.copas.core;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A socket driven by a {@link Scheduler}: its blocking-style operations yield the calling task
 * instead of blocking the loop. Operations must be called from a task of the socket's scheduler.
 * Several tasks may receive (or send) on one socket at once: they take turns, first come first
 * served, and a turn lasts a whole call, so two sends never interleave their bytes and a receive
 * never takes what another half read; receiving and sending go on side by side (full duplex).
 */
@ProviderType
public interface CopasSocket extends AutoCloseable {

    /**
     * The socket's name, used in tracebacks and logs ({@code copas.getsocketname}).
     *
     * @return the name
     */
    String name();

    /**
     * Renames the socket ({@code copas.setsocketname}).
     *
     * @param name the new name, not blank
     */
    void setName(String name);

    /**
     * The scheduler that drives this socket.
     *
     * @return the scheduler
     */
    Scheduler scheduler();

    /**
     * Sets the connect, send and receive timeouts at once ({@code sock:settimeout}): {@code null}
     * or a negative duration waits forever.
     *
     * @param timeout the timeout, or {@code null}
     */
    void setTimeout(Duration timeout);

    /**
     * Sets the timeouts separately ({@code sock:settimeouts}): {@code null} leaves a timeout
     * unchanged, a negative duration waits forever.
     *
     * @param connect for connect (and a TLS handshake)
     * @param send    for each send
     * @param receive for each receive
     */
    void setTimeouts(Duration connect, Duration send, Duration receive);

    /**
     * The current connect timeout.
     *
     * @return the timeout, or {@code null} for forever
     */
    Duration connectTimeout();

    /**
     * The current send timeout.
     *
     * @return the timeout, or {@code null} for forever
     */
    Duration sendTimeout();

    /**
     * The current receive timeout.
     *
     * @return the timeout, or {@code null} for forever
     */
    Duration receiveTimeout();

    /**
     * The local address, or {@code null} while unbound.
     *
     * @return the address
     * @throws IOException if the socket is closed
     */
    SocketAddress localAddress() throws IOException;

    /**
     * Whether the socket was closed.
     *
     * @return {@code true} once closed
     */
    boolean isClosed();

    /**
     * Closes the socket ({@code copas.close}); tasks blocked on it elsewhere wake at once with a
     * {@link TransferClosedException}. Closing twice does nothing.
     */
    @Override
    void close();
}

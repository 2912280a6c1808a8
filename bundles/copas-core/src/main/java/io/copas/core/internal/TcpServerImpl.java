package io.copas.core.internal;

import io.copas.core.ConnectionHandler;
import io.copas.core.Copas;
import io.copas.core.Server;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A TCP server: accepts on readiness and starts one handler task per connection, named after the
 * server with a per-server counter shared by the socket and its handler. The handler runs on the
 * scheduler that {@code targets} names for each connection: the server's own, or (the single
 * acceptor of a scheduler group) each member in turn.
 */
final class TcpServerImpl implements Server, Selectable {

    private final SchedulerImpl scheduler;
    private final Supplier<SchedulerImpl> targets;
    private final ServerSocketChannel channel;
    private final ConnectionHandler handler;
    private final Duration timeout;
    private final String name;
    private final SocketAddress address;
    private SelectionKey key;
    private volatile boolean active = true;
    private long accepted;

    TcpServerImpl(SchedulerImpl scheduler, ServerSocketChannel channel, ConnectionHandler handler,
            Duration timeout, String name, Supplier<SchedulerImpl> targets) throws IOException {
        this.scheduler = scheduler;
        this.targets = targets == null ? () -> scheduler : targets;
        this.channel = channel;
        this.handler = handler;
        this.timeout = timeout;
        this.name = name;
        this.address = channel.getLocalAddress();
        channel.configureBlocking(false);
    }

    /** Loop side: starts accepting. */
    void register() throws IOException {
        SelectionKey previous = channel.keyFor(scheduler.poller.selector);
        if (previous != null && !previous.isValid()) {
            // removed with keepOpen and added again before the next select: flush the cancelled key
            // (readiness skipped here is reported again by the next select)
            scheduler.poller.selector.selectNow(ignored -> { });
        }
        key = channel.register(scheduler.poller.selector, SelectionKey.OP_ACCEPT, this);
    }

    /** Whether it accepts on {@code other}. */
    boolean serves(NetworkChannel other) {
        return channel == other;
    }

    /** The scheduler whose loop accepts on it. */
    SchedulerImpl scheduler() {
        return scheduler;
    }

    @Override
    public final void rekey(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < Fairness.ACCEPT_BATCH && active; i++) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (client == null) {
                return;
            }
            start(client);
        }
    }

    /**
     * Stops accepting for a moment after a failed accept (out of file descriptors, say): the key
     * is level-triggered, so retrying at once would spin the loop and flood the log.
     */
    private void backOff(IOException failure) {
        SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "accept on server '" + name + "' failed; retrying in "
                + Fairness.ACCEPT_BACKOFF.toMillis() + " ms", failure);
        key.interestOps(0);
        scheduler.add(name + ":accept-retry", () -> {
            Copas.pause(Fairness.ACCEPT_BACKOFF);
            if (active && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void start(SocketChannel client) {
        long n = ++accepted;
        targets.get().sockets().serveAccepted(client, name, n, timeout, handler);
    }

    /** Loop side: stops accepting; closes the channel unless {@code keepOpen}. */
    void deactivate(boolean keepOpen) {
        active = false;
        if (key != null) {
            key.cancel();
        }
        if (!keepOpen) {
            try {
                channel.close();
            } catch (IOException e) {
                SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "closing server '" + name + "' failed", e);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SocketAddress localAddress() {
        return address;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public String toString() {
        return "Server[" + name + ", " + address + "]";
    }
}

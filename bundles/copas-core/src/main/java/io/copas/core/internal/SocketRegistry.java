package io.copas.core.internal;

import io.copas.core.ConnectionHandler;
import io.copas.core.DatagramHandler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.core.UdpSocket;
import io.copas.core.spi.SocketArguments;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sockets and servers of one scheduler: wraps channels (one socket per channel), adopts
 * accepted connections, starts their handler tasks, and keeps the open sockets and the active
 * servers, which a shutdown closes and the status counts. The sets are the loop's: {@code wrap}
 * and {@code addServer} may be called from any thread and hand their bookkeeping to the loop.
 */
final class SocketRegistry {

    private final SchedulerImpl scheduler;
    private final Set<Server> servers = new LinkedHashSet<>();
    private final Set<SocketBase> open = new HashSet<>();
    private final ChannelWrappers wrappers = new ChannelWrappers();
    /** Active TCP servers: each keeps the loop from being finished, as a reader would. */
    private int tcpServers;

    SocketRegistry(SchedulerImpl scheduler) {
        this.scheduler = scheduler;
    }

    /** The socket of {@code channel}, made on the first call; any thread. */
    TcpSocket wrap(SocketChannel channel) throws IOException {
        return wrapOnce(channel, TcpSocketImpl.class,
                () -> new TcpSocketImpl(scheduler, channel, "tcp_" + scheduler.nextId()));
    }

    /** The socket of {@code channel}, made on the first call; any thread. */
    UdpSocket wrap(DatagramChannel channel) throws IOException {
        return wrapOnce(channel, UdpSocketImpl.class,
                () -> new UdpSocketImpl(scheduler, channel, "udp_" + scheduler.nextId()));
    }

    /** The one socket of {@code channel}, recorded as open on the loop when made now. */
    private <S extends SocketBase> S wrapOnce(SelectableChannel channel, Class<S> type,
            ChannelWrappers.Factory<S> factory) throws IOException {
        Objects.requireNonNull(channel, "channel");
        scheduler.checkOpen();
        return wrappers.wrapOnce(channel, type, factory, socket -> scheduler.runInLoop(() -> open.add(socket)));
    }

    /** A socket on a new TCP channel; any thread. */
    TcpSocket tcp() throws IOException {
        scheduler.checkOpen();
        return wrapNew(SocketChannel.open(), this::wrap);
    }

    /** A socket on a new UDP channel bound to an ephemeral port; any thread. */
    UdpSocket udp() throws IOException {
        scheduler.checkOpen();
        return wrapNew(DatagramChannel.open(), channel -> wrap(channel.bind(null)));
    }

    /** What makes the socket of a channel opened for it. */
    @FunctionalInterface
    private interface NewChannelWrap<C, S> {

        /** The socket of {@code channel}. */
        S wrap(C channel) throws IOException;
    }

    /**
     * The socket {@code wrap} makes of a channel opened for it; the channel is closed again when
     * that fails (the scheduler closed meanwhile, a failed bind), as the caller never sees it.
     */
    private static <C extends Channel, S> S wrapNew(C channel, NewChannelWrap<C, S> wrap) throws IOException {
        try {
            return wrap.wrap(channel);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Serves a connection accepted by a server, this scheduler's own or another's (a group's
     * single acceptor): wraps it and starts its handler task, on this loop. Callable from any
     * thread; from another loop the hand-over is queued to this one's inbox, never waited for. A
     * connection that arrives after the shutdown removed every task is closed at once.
     */
    void serveAccepted(SocketChannel client, String serverName, long n, Duration timeout, ConnectionHandler handler) {
        scheduler.runInLoop(() -> {
            if (!scheduler.admitsConnections()) { // after the shutdown removed every task: nobody would serve it
                closeQuietly(client);
                return;
            }
            TcpSocketImpl socket;
            try {
                socket = new TcpSocketImpl(scheduler, client, serverName + ":client_" + n);
            } catch (IOException e) {
                SchedulerImpl.LOG.log(System.Logger.Level.WARNING,
                        "could not set up a connection of server '" + serverName + "'", e);
                closeQuietly(client);
                return;
            }
            open.add(socket);
            wrappers.add(socket);
            socket.setTimeout(timeout);
            scheduler.startHandler(serverName + ":handler_" + n, socket, new ConnectionCall(handler, socket),
                    scheduler.autoclose());
        });
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    /** Forgets a closed socket, so that its channel could be wrapped afresh; loop side. */
    void forget(SocketBase socket) {
        open.remove(socket);
        wrappers.remove(socket);
    }

    /**
     * Adds a TCP server whose connections are served by the scheduler {@code targets} names for
     * each (a group's single acceptor), or by this one when {@code targets} is {@code null}; any
     * thread, and a failure to register reaches the caller.
     */
    Server addServer(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name,
            Supplier<SchedulerImpl> targets) throws IOException {
        String serverName = checkServer(channel, handler, "tcp_server_", name);
        TcpServerImpl server = new TcpServerImpl(scheduler, channel, handler, SocketArguments.timeout(timeout),
                serverName, targets);
        IOException failure = scheduler.callInLoop(() -> {
            try {
                replaceServerOf(channel);
                server.register();
                servers.add(server);
                tcpServers++;
                return null;
            } catch (IOException e) {
                server.deactivate(false);
                return e;
            }
        });
        if (failure != null) {
            throw failure; // the caller learns it, from whatever thread it called
        }
        return server;
    }

    /** Adds a UDP server: one handler task for the socket of {@code channel}; any thread. */
    Server addServer(DatagramChannel channel, DatagramHandler handler, Duration timeout, String name)
            throws IOException {
        String serverName = checkServer(channel, handler, "udp_server_", name);
        UdpSocketImpl socket = wrappers.wrapOnce(channel, UdpSocketImpl.class,
                () -> new UdpSocketImpl(scheduler, channel, serverName), adopted -> { }); // made open below
        UdpServerImpl server = new UdpServerImpl(socket, SocketArguments.timeout(timeout), serverName);
        scheduler.runInLoop(() -> {
            replaceServerOf(channel);
            socket.setTimeout(SocketArguments.timeout(timeout)); // on the loop: a replaced handler may wait on it
            open.add(socket);
            servers.add(server);
            server.handler = scheduler.startHandler(serverName + ":handler", socket, () -> handler.handle(socket), false);
        });
        return server;
    }

    /**
     * Removes the server that already serves {@code channel}, keeping the channel open: a channel
     * added again gets the new handler, as upstream's addserver replaces the handler of a server
     * it has (two servers on one channel would leave one running after the other's removal); loop side.
     */
    void replaceServerOf(NetworkChannel channel) {
        for (Server server : List.copyOf(servers)) {
            boolean same = server instanceof TcpServerImpl tcp ? tcp.serves(channel)
                    : server instanceof UdpServerImpl udp && udp.serves(channel);
            if (same) {
                removeServerInLoop(server, true);
            }
        }
    }

    /** Checks what a new server is given; returns its name, {@code name} or a default one. */
    private String checkServer(NetworkChannel channel, Object handler, String defaultPrefix, String name)
            throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        scheduler.checkOpen();
        if (channel.getLocalAddress() == null) {
            throw new IllegalArgumentException("channel must be bound");
        }
        return name == null ? defaultPrefix + scheduler.nextId() : SchedulerImpl.checkName(name);
    }

    /**
     * Stops a server of this scheduler; any thread. From the loop the answer is exact; from
     * another thread it is whether the server was active when the removal was handed over.
     */
    boolean removeServer(Server server, boolean keepOpen) {
        Objects.requireNonNull(server, "server");
        SchedulerImpl owner = switch (server) {
            case TcpServerImpl tcp -> tcp.scheduler();
            case UdpServerImpl udp -> udp.scheduler();
            default -> null;
        };
        if (owner != scheduler) { // else, from outside the loop, it would answer true and do nothing
            throw new IllegalArgumentException("server '" + server.name() + "' is not a server of scheduler '"
                    + scheduler.name() + "': " + (owner != null ? "it belongs to scheduler '" + owner.name() + "'"
                    : server instanceof GroupServer ? "it is a scheduler group's; remove it with the group's removeServer"
                    : "it was not made by a scheduler"));
        }
        if (scheduler.inLoopContext()) {
            return removeServerInLoop(server, keepOpen);
        }
        boolean wasActive = server.isActive();
        scheduler.runInLoop(() -> removeServerInLoop(server, keepOpen));
        return wasActive;
    }

    private boolean removeServerInLoop(Server server, boolean keepOpen) {
        if (!servers.remove(server)) {
            return false;
        }
        if (server instanceof TcpServerImpl tcp) {
            tcpServers--;
            tcp.deactivate(keepOpen);
        } else if (server instanceof UdpServerImpl udp) {
            udp.deactivate(keepOpen);
        }
        return true;
    }

    /** Stops every server and closes every open socket; loop side. */
    void closeAll() {
        for (Server server : List.copyOf(servers)) {
            removeServerInLoop(server, false);
        }
        for (SocketBase socket : List.copyOf(open)) {
            socket.close();
        }
    }

    /** Ends the operations a dropped task was in on open sockets; loop side, rare. */
    void leaveTurnsOf(TaskImpl task) {
        for (SocketBase socket : List.copyOf(open)) { // a stream it was sending on closes, and leaves the set
            socket.leaveTurnsOf(task);
        }
    }

    /** How many sockets are open; loop side. */
    int openSockets() {
        return open.size();
    }

    /** How many TCP servers accept; loop side. */
    int tcpServers() {
        return tcpServers;
    }
}

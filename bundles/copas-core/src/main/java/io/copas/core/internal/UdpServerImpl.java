package io.copas.core.internal;

import io.copas.core.Server;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.time.Duration;

/** A UDP server: one handler task, named {@code "<server>:handler"}, serving the wrapped socket until the server is removed. */
final class UdpServerImpl implements Server {

    private final UdpSocketImpl socket;
    private final Duration timeout;
    private final String name;
    private final SocketAddress address;
    private volatile boolean active = true;

    /** The handler's task; set and read on the loop only. */
    TaskImpl handler;

    UdpServerImpl(UdpSocketImpl socket, Duration timeout, String name) throws IOException {
        this.socket = socket;
        this.timeout = timeout;
        this.name = name;
        this.address = socket.localAddress();
    }

    /** Whether it serves the socket of {@code other}. */
    boolean serves(NetworkChannel other) {
        return socket.channel() == other;
    }

    /** The scheduler whose loop serves it. */
    SchedulerImpl scheduler() {
        return socket.scheduler;
    }

    /**
     * Loop side: ends the handler and closes the socket unless {@code keepOpen}. As upstream, whose
     * removeserver takes the socket out of the read set so that the handler is never resumed, the
     * handler does not serve on: a waiting handler is removed (unwound from its wait, its finally
     * blocks run up to their first wait, as any removed task's, and no error is reported) rather
     * than woken with a failure that the built-in error handler would log. A handler that removes
     * its own server goes on with what it does next, as upstream's would.
     */
    void deactivate(boolean keepOpen) {
        active = false;
        if (handler != null && handler != TaskImpl.current()) {
            handler.scheduler().remove(handler);
        }
        if (!keepOpen) {
            socket.close();
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
        return active && !socket.isClosed();
    }

    @Override
    public String toString() {
        return "Server[" + name + ", udp " + address + "]";
    }
}

package io.copas.core.internal;

import io.copas.core.Server;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/** A UDP server: one handler task, named {@code "<server>:handler"}, serving the wrapped socket. */
final class UdpServerImpl implements Server {

    private final UdpSocketImpl socket;
    private final Duration timeout;
    private final String name;
    private final SocketAddress address;
    private volatile boolean active = true;

    UdpServerImpl(UdpSocketImpl socket, Duration timeout, String name) throws IOException {
        this.socket = socket;
        this.timeout = timeout;
        this.name = name;
        this.address = socket.localAddress();
    }

    /** Loop side: closes the socket unless {@code keepOpen}; the handler then sees it closed. */
    void deactivate(boolean keepOpen) {
        active = false;
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

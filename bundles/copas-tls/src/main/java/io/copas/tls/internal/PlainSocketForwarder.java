package io.copas.tls.internal;

import io.copas.core.Scheduler;
import io.copas.core.TcpSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * What a socket layer passes straight to the plain socket beneath it: name, scheduler,
 * addresses, options, channel. The one place of this delegation (a forwarding socket of the
 * core's SPI can take its place).
 */
abstract class PlainSocketForwarder implements TcpSocket {

    /** The socket beneath. */
    protected final TcpSocket plain;

    PlainSocketForwarder(TcpSocket plain) {
        this.plain = Objects.requireNonNull(plain, "socket");
    }

    @Override
    public String name() {
        return plain.name();
    }

    @Override
    public void setName(String name) {
        plain.setName(name);
    }

    @Override
    public Scheduler scheduler() {
        return plain.scheduler();
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return plain.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return plain.remoteAddress();
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        plain.setOption(option, value);
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return plain.getOption(option);
    }

    @Override
    public SocketChannel channel() {
        return plain.channel();
    }
}

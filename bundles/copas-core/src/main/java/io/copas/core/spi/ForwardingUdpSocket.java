package io.copas.core.spi;

import io.copas.core.Datagram;
import io.copas.core.UdpSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;

/** A {@link UdpSocket} that passes every call to another one: the base of wrappers (debug logging). */
public abstract class ForwardingUdpSocket extends ForwardingSocket<UdpSocket> implements UdpSocket {

    /**
     * Wraps {@code delegate}.
     *
     * @param delegate the socket that receives the calls
     */
    protected ForwardingUdpSocket(UdpSocket delegate) {
        super(delegate);
    }

    @Override
    public byte[] receive(int size) throws IOException {
        return delegate().receive(size);
    }

    @Override
    public Datagram receiveFrom(int size) throws IOException {
        return delegate().receiveFrom(size);
    }

    @Override
    public void sendTo(byte[] data, SocketAddress target) throws IOException {
        delegate().sendTo(data, target);
    }

    @Override
    public void send(byte[] data) throws IOException {
        delegate().send(data);
    }

    @Override
    public void setPeerName(SocketAddress peer) throws IOException {
        delegate().setPeerName(peer);
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return delegate().remoteAddress();
    }

    @Override
    public DatagramChannel channel() {
        return delegate().channel();
    }
}

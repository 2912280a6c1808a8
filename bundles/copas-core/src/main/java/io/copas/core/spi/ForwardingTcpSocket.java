package io.copas.core.spi;

import io.copas.core.ReceivePattern;
import io.copas.core.ShutdownMode;
import io.copas.core.TcpSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A {@link TcpSocket} that passes every call to another one, the interface's convenience calls
 * included (so the wrapped socket's faster versions are kept): the base of socket layers (TLS)
 * and wrappers (debug logging), which override what they change.
 */
public abstract class ForwardingTcpSocket extends ForwardingSocket<TcpSocket> implements TcpSocket {

    /**
     * Wraps {@code delegate}.
     *
     * @param delegate the socket that receives the calls
     */
    protected ForwardingTcpSocket(TcpSocket delegate) {
        super(delegate);
    }

    @Override
    public void connect(SocketAddress address) throws IOException {
        delegate().connect(address);
    }

    @Override
    public void connect(String host, int port) throws IOException {
        delegate().connect(host, port);
    }

    @Override
    public int send(byte[] data, int from, int to) throws IOException {
        return delegate().send(data, from, to);
    }

    @Override
    public int send(byte[] data) throws IOException {
        return delegate().send(data);
    }

    @Override
    public int send(String text) throws IOException {
        return delegate().send(text);
    }

    @Override
    public int send(ByteBuffer src) throws IOException {
        return delegate().send(src);
    }

    @Override
    public byte[] receive(ReceivePattern pattern, byte[] prefix) throws IOException {
        return delegate().receive(pattern, prefix);
    }

    @Override
    public byte[] receive(ReceivePattern pattern) throws IOException {
        return delegate().receive(pattern);
    }

    @Override
    public byte[] receive(int count) throws IOException {
        return delegate().receive(count);
    }

    @Override
    public String receiveLine() throws IOException {
        return delegate().receiveLine();
    }

    @Override
    public byte[] receivePartial(ReceivePattern pattern, byte[] prefix) throws IOException {
        return delegate().receivePartial(pattern, prefix);
    }

    @Override
    public int receivePartial(ByteBuffer dst) throws IOException {
        return delegate().receivePartial(dst);
    }

    @Override
    public void setReceiveLimit(int limit) {
        delegate().setReceiveLimit(limit);
    }

    @Override
    public int receiveLimit() {
        return delegate().receiveLimit();
    }

    @Override
    public void shutdown(ShutdownMode how) throws IOException {
        delegate().shutdown(how);
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        delegate().setOption(option, value);
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return delegate().getOption(option);
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return delegate().remoteAddress();
    }

    @Override
    public boolean isConnected() {
        return delegate().isConnected();
    }

    @Override
    public SocketChannel channel() {
        return delegate().channel();
    }
}

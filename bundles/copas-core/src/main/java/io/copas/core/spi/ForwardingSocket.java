package io.copas.core.spi;

import io.copas.core.CopasSocket;
import io.copas.core.Scheduler;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link CopasSocket} that passes every call to another one: the base of socket layers and
 * wrappers, which override what they change and inherit the rest.
 *
 * @param <S> the kind of socket wrapped
 */
public abstract class ForwardingSocket<S extends CopasSocket> implements CopasSocket {

    private final S delegate;

    /**
     * Wraps {@code delegate}.
     *
     * @param delegate the socket that receives the calls
     */
    protected ForwardingSocket(S delegate) {
        this.delegate = Objects.requireNonNull(delegate, "socket");
    }

    /**
     * The wrapped socket.
     *
     * @return the socket that receives the calls
     */
    protected final S delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void setName(String name) {
        delegate.setName(name);
    }

    @Override
    public Scheduler scheduler() {
        return delegate.scheduler();
    }

    @Override
    public void setTimeout(Duration timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public void setTimeouts(Duration connect, Duration send, Duration receive) {
        delegate.setTimeouts(connect, send, receive);
    }

    @Override
    public Duration connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Duration sendTimeout() {
        return delegate.sendTimeout();
    }

    @Override
    public Duration receiveTimeout() {
        return delegate.receiveTimeout();
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return delegate.localAddress();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}

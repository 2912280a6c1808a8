package io.copas.core.internal;

import io.copas.core.ReceivePattern;
import io.copas.core.ShutdownMode;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.core.spi.PatternReceiver;
import io.copas.core.spi.ReceiveBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A Copas TCP socket over a non-blocking {@link SocketChannel}. */
final class TcpSocketImpl extends SocketBase implements TcpSocket {

    /** Kept once drained: a line protocol's buffer stays small, a bulk transfer's is dropped. */
    private static final int KEEP_LIMIT = 2048;

    private final SocketChannel channel;
    private final ReceiveBuffer pending = new ReceiveBuffer(KEEP_LIMIT);
    private final PatternReceiver.Source inbound = new Inbound();
    private boolean eof;
    private IOException readFailure;

    TcpSocketImpl(SchedulerImpl scheduler, SocketChannel channel, String name) throws IOException {
        super(scheduler, channel, name);
        this.channel = channel;
    }

    // ---------------------------------------------------------------- connect

    @Override
    public void connect(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        scheduler.requireOwnTask("TcpSocket.connect()");
        if (channel.isConnected()) {
            throw new AlreadyConnectedException();
        }
        if (channel.isConnectionPending()) {
            throw new ConnectionPendingException();
        }
        try {
            if (channel.connect(address)) {
                return;
            }
            while (true) {
                WakeReason reason = await(SelectionKey.OP_CONNECT, connectTimeout());
                if (reason == WakeReason.TIMEOUT) {
                    close(); // NIO cannot abandon a pending connect otherwise
                    throw new TransferTimeoutException(
                            "connect of '" + name() + "' to " + address + " timed out", null, -1);
                }
                if (reason == WakeReason.CLOSED) {
                    throw new TransferClosedException(
                            "socket '" + name() + "' was closed while connecting to " + address, null, -1, null);
                }
                if (channel.finishConnect()) {
                    disableInterest(SelectionKey.OP_CONNECT);
                    return;
                }
            }
        } catch (TransferTimeoutException | TransferClosedException e) {
            throw e;
        } catch (IOException e) {
            close();
            java.net.ConnectException failure = new java.net.ConnectException(
                    "connect of '" + name() + "' to " + address + " failed: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    @Override
    public void connect(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException(host);
        }
        connect(address);
    }

    @Override
    public boolean isConnected() {
        return !closed && channel.isConnected();
    }

    // ---------------------------------------------------------------- send

    @Override
    public int send(byte[] data, int from, int to) throws IOException {
        checkRange(data, from, to);
        TaskImpl task = scheduler.requireOwnTask("TcpSocket.send()");
        ByteBuffer io = scheduler.ioBuffer;
        int next = from;
        while (next < to) {
            if (closed) {
                throw new TransferClosedException("socket '" + name() + "' is closed", null, next, null);
            }
            io.clear();
            int chunk = Math.min(io.capacity(), to - next);
            io.put(data, next, chunk).flip();
            int written;
            try {
                written = channel.write(io);
            } catch (IOException e) {
                throw new TransferClosedException("send on '" + name() + "' failed: " + e.getMessage(), null, next, e);
            }
            next += written;
            if (written == chunk) {
                continue;
            }
            WakeReason reason = await(SelectionKey.OP_WRITE, sendTimeout());
            if (reason == WakeReason.TIMEOUT) {
                throw new TransferTimeoutException("send on '" + name() + "' timed out", null, next);
            }
            if (reason == WakeReason.CLOSED) {
                throw new TransferClosedException("socket '" + name() + "' was closed during send", null, next, null);
            }
        }
        task.spendIoBudget();
        return to;
    }

    // ---------------------------------------------------------------- receive

    @Override
    public byte[] receive(ReceivePattern pattern, byte[] prefix) throws IOException {
        return receive(pattern, prefix, false);
    }

    @Override
    public byte[] receivePartial(ReceivePattern pattern, byte[] prefix) throws IOException {
        return receive(pattern, prefix, true);
    }

    private byte[] receive(ReceivePattern pattern, byte[] prefix, boolean partial) throws IOException {
        scheduler.requireOwnTask("TcpSocket.receive()");
        return PatternReceiver.receive(pending, pattern, prefix, partial, inbound);
    }

    /** Refills {@link #pending} from the channel, waiting for the loop when nothing is there. */
    private final class Inbound implements PatternReceiver.Source {

        @Override
        public int fill() {
            ByteBuffer io = scheduler.ioBuffer;
            while (true) {
                if (closed) {
                    return CLOSED;
                }
                if (eof) {
                    return END;
                }
                io.clear();
                int n;
                try {
                    n = channel.read(io);
                } catch (IOException e) {
                    readFailure = e;
                    eof = true;
                    return CLOSED;
                }
                if (n > 0) {
                    io.flip();
                    pending.append(io);
                    return DATA;
                }
                if (n < 0) {
                    eof = true;
                    return END;
                }
                WakeReason reason = await(SelectionKey.OP_READ, receiveTimeout());
                if (reason == WakeReason.TIMEOUT) {
                    return TIMEOUT;
                }
                if (reason == WakeReason.CLOSED) {
                    return CLOSED;
                }
            }
        }

        @Override
        public boolean cleanEnd() {
            return true; // TCP has no other end of stream than the FIN
        }

        @Override
        public IOException failure(int outcome, byte[] partialData) {
            if (outcome == TIMEOUT) {
                return new TransferTimeoutException("receive on '" + name() + "' timed out", partialData, -1);
            }
            IOException cause = readFailure;
            readFailure = null;
            String why = outcome == END ? "closed by the peer" : "closed";
            return new TransferClosedException("socket '" + name() + "' " + why
                    + (cause != null ? ": " + cause.getMessage() : ""), partialData, -1, cause);
        }

        @Override
        public void delivered() {
            TaskImpl.current().spendIoBudget();
        }
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public void shutdown(ShutdownMode how) throws IOException {
        Objects.requireNonNull(how, "how");
        switch (how) {
            case RECEIVE -> channel.shutdownInput();
            case SEND -> channel.shutdownOutput();
            case BOTH -> {
                channel.shutdownInput();
                channel.shutdownOutput();
            }
        }
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        channel.setOption(Objects.requireNonNull(option, "option"), value);
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return channel.getOption(Objects.requireNonNull(option, "option"));
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    void released() {
        pending.clear();
    }
}

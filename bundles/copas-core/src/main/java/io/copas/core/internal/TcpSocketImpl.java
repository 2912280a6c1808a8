package io.copas.core.internal;

import io.copas.core.ReceiveLimitException;
import io.copas.core.ReceivePattern;
import io.copas.core.ShutdownMode;
import io.copas.core.TaskRemovedError;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.core.spi.FillOutcome;
import io.copas.core.spi.PatternReceiver;
import io.copas.core.spi.ReceiveBuffer;
import io.copas.core.spi.SocketArguments;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/** A Copas TCP socket over a non-blocking {@link SocketChannel}. */
final class TcpSocketImpl extends SocketBase implements TcpSocket {

    /** Kept once drained: a line protocol's buffer stays small, a bulk transfer's is dropped. */
    private static final int KEEP_LIMIT = 2048;

    private final SocketChannel channel;
    private final ReceiveBuffer pending = new ReceiveBuffer(KEEP_LIMIT);
    private final PatternReceiver.Source inbound = new Inbound();
    private boolean eof;
    private boolean receiving;
    /** The send holding the turn has written part of its data: cut off now, it leaves the peer half a message. */
    private boolean halfSent;
    /** The last read took less than it had room for: the kernel held nothing more then. */
    private boolean drainedByLastRead;
    /** Something was sent since a read that drained the socket: the answer needs a round trip first. */
    private boolean answerAwaited;
    private IOException readFailure;
    private int receiveLimit;

    TcpSocketImpl(SchedulerImpl scheduler, SocketChannel channel, String name) throws IOException {
        super(scheduler, channel, name);
        this.channel = channel;
        this.receiveLimit = scheduler.receiveLimit();
    }

    // ---------------------------------------------------------------- connect

    @Override
    public void connect(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        TaskImpl task = scheduler.requireOwnTask("TcpSocket.connect()");
        WakeReason turn = takeTurn(false, task, connectTimeout());
        if (turn != null && turn != WakeReason.READY) {
            throw connectFailure(turn, address);
        }
        try {
            connectHolding(address);
        } finally {
            leaveTurn(turn, false);
        }
    }

    /** Connects while holding the sending turn: a send waits until the connection is there. */
    private void connectHolding(SocketAddress address) throws IOException {
        if (closed) {
            throw closedFailure(-1);
        }
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
                WakeReason reason;
                try {
                    reason = await(SelectionKey.OP_CONNECT, connectTimeout());
                } catch (TaskRemovedError removed) {
                    close(); // as on a timeout: NIO cannot abandon a pending connect otherwise
                    throw removed;
                }
                if (reason != WakeReason.READY) {
                    if (reason == WakeReason.TIMEOUT) {
                        close(); // NIO cannot abandon a pending connect otherwise
                    }
                    throw connectFailure(reason, address);
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

    /** Why a connect to {@code address} ended without a connection: its timeout, or a close. */
    private IOException connectFailure(WakeReason reason, SocketAddress address) {
        if (reason == WakeReason.TIMEOUT) {
            return new TransferTimeoutException("connect of '" + name() + "' to " + address + " timed out", null, -1);
        }
        return new TransferClosedException(
                "socket '" + name() + "' was closed while connecting to " + address, null, -1, null);
    }

    @Override
    public void connect(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        InetSocketAddress address = new InetSocketAddress(host, SocketArguments.checkPort(port));
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
        SocketArguments.checkRange(data, from, to);
        TaskImpl task = scheduler.requireOwnTask("TcpSocket.send()");
        WakeReason turn = takeTurn(false, task, sendTimeout());
        checkSendWait(turn, from);
        try {
            spendIoBudgetBeforeSending(task, turn);
            ByteBuffer io = scheduler.ioBuffer;
            int next = from;
            while (next < to) {
                io.clear(); // refilled after each wait: other tasks use the shared buffer meanwhile
                int chunk = Math.min(io.capacity(), to - next);
                io.put(data, next, chunk).flip();
                int written = writeSome(io, next);
                next += written;
                halfSent |= written > 0;
                if (written < chunk) {
                    awaitRoom(next);
                }
            }
            answerAwaited = drainedByLastRead;
            return to;
        } finally {
            endSend(turn);
            leaveTurn(turn, false);
        }
    }

    /** Writes from a direct buffer straight to the channel; a heap buffer goes through the array path. */
    @Override
    public int send(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        TaskImpl task = scheduler.requireOwnTask("TcpSocket.send()");
        WakeReason turn = takeTurn(false, task, sendTimeout());
        checkSendWait(turn, src.position());
        try {
            spendIoBudgetBeforeSending(task, turn);
            if (!src.isDirect()) {
                return TcpSocket.super.send(src); // its chunks go out within this one turn
            }
            int count = src.remaining();
            while (src.hasRemaining()) {
                halfSent |= writeSome(src, src.position()) > 0;
                if (src.hasRemaining()) {
                    awaitRoom(src.position());
                }
            }
            answerAwaited = drainedByLastRead;
            return count;
        } finally {
            endSend(turn);
            leaveTurn(turn, false);
        }
    }

    /**
     * The fairness yield of a send comes before it writes, not after: a removal delivered there
     * must not turn a send that went out whole into a failure (a TLS socket would then send its
     * records again). Only the call that took the turn spends: a chunk of an outer send does not.
     */
    private static void spendIoBudgetBeforeSending(TaskImpl task, WakeReason turn) {
        if (turn == WakeReason.READY) {
            task.spendIoBudget();
        }
    }

    /**
     * Waits until the kernel takes more of a send that has written up to {@code sent}. A removal
     * that cuts a half-sent message off closes the socket: another task's bytes must not follow
     * half a message (as when the loop drops a task there).
     */
    private void awaitRoom(int sent) throws IOException {
        WakeReason reason;
        try {
            reason = await(SelectionKey.OP_WRITE, sendTimeout());
        } catch (TaskRemovedError removed) {
            if (halfSent) {
                close();
            }
            throw removed;
        }
        checkSendWait(reason, sent);
    }

    /**
     * The send that took the turn {@code turn} ({@code READY}) is over, or failed and reported how
     * far it got: no half-sent message is left behind. A call within it (a chunk of an outer send)
     * leaves the mark to the outer one; a dropped task's send never comes here.
     */
    private void endSend(WakeReason turn) {
        if (turn == WakeReason.READY) {
            halfSent = false;
        }
    }

    /** One write of what {@code src} holds; {@code sent} is the last index for a failure. */
    private int writeSome(ByteBuffer src, int sent) throws IOException {
        if (closed) {
            throw closedFailure(sent);
        }
        try {
            return channel.write(src);
        } catch (NotYetConnectedException e) {
            throw new NotConnectedException(name());
        } catch (IOException e) {
            throw new TransferClosedException("send on '" + name() + "' failed: " + e.getMessage(), null, sent, e);
        }
    }

    /**
     * Throws when a send's wait (for its turn, or for the kernel to take more) ended in a timeout
     * or a close; {@code sent} is the last index for the failure.
     */
    private void checkSendWait(WakeReason reason, int sent) throws IOException {
        if (reason == WakeReason.TIMEOUT) {
            throw new TransferTimeoutException("send on '" + name() + "' timed out", null, sent);
        }
        if (reason == WakeReason.CLOSED) {
            throw new TransferClosedException("socket '" + name() + "' was closed during send", null, sent, null);
        }
    }

    // ---------------------------------------------------------------- receive

    @Override
    public byte[] receive(ReceivePattern pattern, byte[] prefix) throws IOException {
        return receive(pattern, prefix, false);
    }

    // overrides the interface's default only to keep its frame and the one above off the stack
    // of every task parked in a receive (an idle connection's handler)
    @Override
    public byte[] receive(ReceivePattern pattern) throws IOException {
        return receive(pattern, null, false);
    }

    @Override
    public byte[] receivePartial(ReceivePattern pattern, byte[] prefix) throws IOException {
        return receive(pattern, prefix, true);
    }

    private byte[] receive(ReceivePattern pattern, byte[] prefix, boolean partial) throws IOException {
        TaskImpl task = scheduler.requireOwnTask("TcpSocket.receive()");
        WakeReason turn = takeTurn(true, task, receiveTimeout());
        if (turn != null && turn != WakeReason.READY) {
            throw inbound.failure(turn == WakeReason.TIMEOUT ? FillOutcome.TIMEOUT : FillOutcome.CLOSED,
                    prefix == null ? new byte[0] : prefix.clone());
        }
        receiving = true;
        try {
            return PatternReceiver.receive(pending, pattern, prefix, partial, receiveLimit, inbound);
        } finally {
            receiving = false;
            if (closed) {
                released(); // the close left the buffer to this receive's partial data
            }
            leaveTurn(turn, true);
        }
    }

    @Override
    boolean receiving() {
        return receiving;
    }

    @Override
    boolean sendLeftHalfDone() {
        return halfSent || channel.isConnectionPending();
    }

    @Override
    void receiveAbandoned() {
        receiving = false;
        if (closed) {
            released(); // the close kept the buffer for this receive's partial data
        }
    }

    /** Takes what a pattern receive left buffered first, then reads straight into {@code dst}. */
    @Override
    public int receivePartial(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst must be writable");
        }
        TaskImpl task = scheduler.requireOwnTask("TcpSocket.receivePartial()");
        if (!dst.hasRemaining()) {
            return 0;
        }
        WakeReason turn = takeTurn(true, task, receiveTimeout());
        if (turn != null && turn != WakeReason.READY) {
            throw inbound.failure(turn == WakeReason.TIMEOUT ? FillOutcome.TIMEOUT : FillOutcome.CLOSED, null);
        }
        try {
            if (pending.available() > 0) {
                int n = pending.take(dst);
                task.spendIoBudget();
                return n;
            }
            int before = dst.position();
            FillOutcome outcome = readInto(dst);
            return switch (outcome) {
                case DATA -> {
                    task.spendIoBudget();
                    yield dst.position() - before;
                }
                case END -> -1;
                default -> throw inbound.failure(outcome, null);
            };
        } finally {
            leaveTurn(turn, true);
        }
    }

    @Override
    public void setReceiveLimit(int limit) {
        receiveLimit = SocketArguments.checkReceiveLimit(limit);
    }

    @Override
    public int receiveLimit() {
        return receiveLimit;
    }

    /**
     * Reads from the channel into {@code dst}, waiting for the loop while nothing is there:
     * {@code DATA} once some bytes arrived, else why not.
     *
     * <p>Like upstream, a receive first tries the socket and waits only if it finds nothing, with
     * one exception: after a read that drained the socket and a send since, the peer's answer
     * needs a round trip, so the read that would find nothing is skipped and the receive waits
     * for readiness straight away (one system call less per message in a request-response
     * exchange). If the answer is there after all, the selector reports it at once. A zero
     * timeout always tries the socket: it never waits.
     */
    private FillOutcome readInto(ByteBuffer dst) {
        int position = dst.position();
        int limit = dst.limit();
        Duration timeout = receiveTimeout();
        boolean tryFirst = !answerAwaited || (timeout != null && timeout.isZero());
        while (true) {
            dst.limit(limit).position(position); // the loop's shared I/O buffer served other tasks during a wait
            if (closed) {
                return FillOutcome.CLOSED;
            }
            if (eof) {
                return FillOutcome.END;
            }
            if (tryFirst) {
                FillOutcome read = readNow(dst);
                if (read != null) {
                    return read;
                }
            }
            WakeReason reason = await(SelectionKey.OP_READ, timeout);
            if (reason == WakeReason.TIMEOUT) {
                return FillOutcome.TIMEOUT;
            }
            if (reason == WakeReason.CLOSED) {
                return FillOutcome.CLOSED;
            }
            tryFirst = true;
        }
    }

    /** One read without waiting: {@code DATA}, {@code END} or {@code CLOSED}, or {@code null} when nothing was there. */
    private FillOutcome readNow(ByteBuffer dst) {
        int n;
        try {
            n = channel.read(dst);
        } catch (NotYetConnectedException e) {
            throw new NotConnectedException(name());
        } catch (IOException e) {
            readFailure = e;
            eof = true;
            return FillOutcome.CLOSED;
        }
        if (n > 0) {
            drainedByLastRead = dst.hasRemaining();
            answerAwaited = false;
            return FillOutcome.DATA;
        }
        if (n < 0) {
            eof = true;
            return FillOutcome.END;
        }
        return null;
    }

    /** Refills {@link #pending} from the channel, waiting for the loop when nothing is there. */
    private final class Inbound implements PatternReceiver.Source {

        @Override
        public FillOutcome fill() {
            ByteBuffer io = scheduler.ioBuffer.clear();
            FillOutcome outcome = readInto(io);
            if (outcome == FillOutcome.DATA) {
                pending.append(io.flip());
            }
            return outcome;
        }

        @Override
        public boolean cleanEnd() {
            return true; // TCP has no other end of stream than the FIN
        }

        @Override
        public IOException failure(FillOutcome outcome, byte[] partialData) {
            if (outcome == FillOutcome.TIMEOUT) {
                return new TransferTimeoutException("receive on '" + name() + "' timed out", partialData, -1);
            }
            IOException cause = readFailure;
            readFailure = null;
            String why = outcome == FillOutcome.END ? "closed by the peer" : "closed";
            return new TransferClosedException("socket '" + name() + "' " + why
                    + (cause != null ? ": " + cause.getMessage() : ""), partialData, -1, cause);
        }

        @Override
        public ReceiveLimitException limitExceeded(ReceivePattern pattern, int limit, byte[] partialData) {
            return new ReceiveLimitException(PatternReceiver.limitMessage("'" + name() + "'", pattern, limit),
                    partialData, limit);
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
        if (closed) {
            throw closedFailure(-1);
        }
        if (!channel.isConnected()) {
            throw new NotConnectedException(name());
        }
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

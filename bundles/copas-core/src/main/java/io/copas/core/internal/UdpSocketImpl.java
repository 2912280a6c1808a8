package io.copas.core.internal;

import io.copas.core.Datagram;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.core.UdpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/** A Copas UDP socket over a non-blocking {@link DatagramChannel}. */
final class UdpSocketImpl extends SocketBase implements UdpSocket {

    private final DatagramChannel channel;

    UdpSocketImpl(SchedulerImpl scheduler, DatagramChannel channel, String name) throws IOException {
        super(scheduler, channel, name);
        this.channel = channel;
    }

    @Override
    public byte[] receive(int size) throws IOException {
        return receiveDatagram(size, "UdpSocket.receive()").data();
    }

    @Override
    public Datagram receiveFrom(int size) throws IOException {
        return receiveDatagram(size, "UdpSocket.receiveFrom()");
    }

    private Datagram receiveDatagram(int size, String operation) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        TaskImpl task = scheduler.requireOwnTask(operation);
        WakeReason turn = takeTurn(true, task, receiveTimeout());
        checkReceiveWait(turn);
        try {
            return receiveHolding(task, size);
        } finally {
            leaveTurn(turn, true);
        }
    }

    /** Receives one datagram while holding the receiving turn. */
    private Datagram receiveHolding(TaskImpl task, int size) throws IOException {
        ByteBuffer io = scheduler.ioBuffer;
        while (true) {
            if (closed) {
                throw closedFailure(-1);
            }
            io.clear().limit(Math.min(size, io.capacity()));
            SocketAddress from;
            try {
                from = channel.receive(io);
            } catch (IOException e) {
                throw failure("receive", e, -1);
            }
            if (from != null) {
                io.flip();
                byte[] data = new byte[io.remaining()];
                io.get(data);
                task.spendIoBudget();
                return new Datagram(data, (InetSocketAddress) from);
            }
            checkReceiveWait(await(SelectionKey.OP_READ, receiveTimeout()));
        }
    }

    /**
     * What a failed datagram operation throws. Only a closed channel is a {@link TransferClosedException}:
     * the socket stays open and usable after the others, as upstream's, which returns the
     * system's message ({@code "connection refused"}, {@code "Message too long"}) and goes on.
     * An ICMP port unreachable, reported on a connected socket by a later send or receive, is a
     * {@link PortUnreachableException}; the rest keep the system's reason.
     */
    private IOException failure(String operation, IOException e, int lastIndex) {
        if (closed || e instanceof ClosedChannelException) {
            return closedFailure(lastIndex);
        }
        String prefix = operation + " on '" + name() + "' failed: ";
        if (e instanceof PortUnreachableException) {
            PortUnreachableException refused = new PortUnreachableException(
                    prefix + "connection refused (the peer's port is unreachable)");
            refused.initCause(e);
            return refused;
        }
        return new SocketException(prefix + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
    }

    /** Throws when a receive's wait (for its turn, or for a datagram) ended in a timeout or a close. */
    private void checkReceiveWait(WakeReason reason) throws IOException {
        if (reason == WakeReason.TIMEOUT) {
            throw new TransferTimeoutException("receive on '" + name() + "' timed out", null, -1);
        }
        if (reason == WakeReason.CLOSED) {
            throw new TransferClosedException("socket '" + name() + "' was closed during receive", null, -1, null);
        }
    }

    @Override
    public void sendTo(byte[] data, SocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        SocketAddress peer = channel.isConnected() ? channel.getRemoteAddress() : null;
        if (peer != null && !peer.equals(target)) {
            throw new PeerFixedException(name(), peer, target); // the JDK's says nothing (upstream: "bad self")
        }
        sendDatagram(data, target);
    }

    @Override
    public void send(byte[] data) throws IOException {
        if (!channel.isConnected()) {
            throw new NotConnectedException(name());
        }
        sendDatagram(data, null);
    }

    private void sendDatagram(byte[] data, SocketAddress target) throws IOException {
        Objects.requireNonNull(data, "data");
        TaskImpl task = scheduler.requireOwnTask("UdpSocket.send()");
        ByteBuffer io = scheduler.ioBuffer;
        if (data.length > io.capacity()) {
            throw new IllegalArgumentException("data must be at most " + io.capacity() + " bytes, was " + data.length
                    + " (a datagram holds at most 65507 over IPv4, 65527 over IPv6; the system refuses more)");
        }
        WakeReason turn = takeTurn(false, task, sendTimeout());
        checkSendWait(turn);
        try {
            sendHolding(data, target);
        } finally {
            leaveTurn(turn, false);
        }
    }

    /** Sends one datagram while holding the sending turn. */
    private void sendHolding(byte[] data, SocketAddress target) throws IOException {
        ByteBuffer io = scheduler.ioBuffer;
        while (true) {
            if (closed) {
                throw closedFailure(0);
            }
            io.clear();
            io.put(data).flip();
            int sent;
            try {
                sent = target == null ? channel.write(io) : channel.send(io, target);
            } catch (IOException e) {
                throw failure("send", e, 0);
            }
            if (sent > 0 || data.length == 0) {
                return;
            }
            checkSendWait(await(SelectionKey.OP_WRITE, sendTimeout()));
        }
    }

    /** Throws when a send's wait (for its turn, or for room) ended in a timeout or a close. */
    private void checkSendWait(WakeReason reason) throws IOException {
        if (reason == WakeReason.TIMEOUT) {
            throw new TransferTimeoutException("send on '" + name() + "' timed out", null, 0);
        }
        if (reason == WakeReason.CLOSED) {
            throw new TransferClosedException("socket '" + name() + "' was closed during send", null, 0, null);
        }
    }

    @Override
    public void setPeerName(SocketAddress peer) throws IOException {
        if (channel.isConnected()) {
            channel.disconnect();
        }
        if (peer != null) {
            channel.connect(peer);
        }
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
    public DatagramChannel channel() {
        return channel;
    }
}

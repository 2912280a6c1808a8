package io.copas.core;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import org.osgi.annotation.versioning.ProviderType;

/** A UDP socket driven by Copas. Only the receive timeout and the send timeout apply. */
@ProviderType
public interface UdpSocket extends CopasSocket {

    /**
     * Receives one datagram, truncated to {@code size} bytes ({@code copas.receive(size)}).
     *
     * @param size the largest payload to keep, at least 1
     * @return the payload
     * @throws TransferTimeoutException if the receive timeout expires
     * @throws TransferClosedException  if the socket is closed meanwhile
     * @throws java.net.PortUnreachableException if an earlier datagram to the fixed peer met a
     *         closed port ("connection refused"); the socket stays open
     * @throws IOException              on other failures, with the system's reason; the socket stays open
     */
    byte[] receive(int size) throws IOException;

    /**
     * Receives one datagram with its sender ({@code copas.receivefrom}).
     *
     * @param size the largest payload to keep, at least 1
     * @return the datagram
     * @throws IOException as {@link #receive(int)}
     */
    Datagram receiveFrom(int size) throws IOException;

    /**
     * Sends one datagram to {@code target} ({@code sock:sendto}).
     *
     * @param data   the payload
     * @param target where to
     * @throws TransferTimeoutException if it cannot be sent within the send timeout
     * @throws TransferClosedException  if the socket is closed
     * @throws java.nio.channels.AlreadyConnectedException if the peer is fixed to another address
     * @throws IOException              as the system refuses it ("Message too long", "connection
     *                                  refused" as a {@link java.net.PortUnreachableException}); the
     *                                  socket stays open
     */
    void sendTo(byte[] data, SocketAddress target) throws IOException;

    /**
     * Sends one datagram to the peer set with {@link #setPeerName(SocketAddress)}.
     *
     * @param data the payload
     * @throws java.nio.channels.NotYetConnectedException if no peer is set
     * @throws IOException as {@link #sendTo(byte[], SocketAddress)}
     */
    void send(byte[] data) throws IOException;

    /**
     * Fixes the peer ({@code sock:setpeername}): only its datagrams are received, and
     * {@link #send(byte[])} goes to it. {@code null} removes the peer.
     *
     * @param peer the peer, or {@code null}
     * @throws IOException if the channel cannot be (dis)connected
     */
    void setPeerName(SocketAddress peer) throws IOException;

    /**
     * The peer, or {@code null}.
     *
     * @return the peer address
     * @throws IOException if the socket is closed
     */
    SocketAddress remoteAddress() throws IOException;

    /**
     * The underlying channel, non-blocking and registered with the loop: do not read, write or
     * close it directly (use this socket's methods and {@link #close()}).
     *
     * @return the channel
     */
    DatagramChannel channel();
}

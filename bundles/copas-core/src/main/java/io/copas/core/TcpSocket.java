package io.copas.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A TCP socket driven by Copas (a {@code copas.wrap}ped LuaSocket TCP socket).
 *
 * <p>Timeouts apply to each underlying wait, as Copas' reference documents: a receive that
 * keeps getting data never times out (use {@link #receivePartial} to see the chunks). On a timeout or a close, the exception carries what was transferred
 * ({@link TransferFailure}). A receive, send or shutdown on a socket that is not connected
 * throws {@link java.nio.channels.NotYetConnectedException} naming the socket.
 */
@ProviderType
public interface TcpSocket extends CopasSocket {

    /**
     * The receive limit sockets start with unless their scheduler sets another: 1 MiB, far more
     * than a line of any line protocol, little enough that a thousand misbehaving peers cannot
     * exhaust a default heap.
     */
    int DEFAULT_RECEIVE_LIMIT = 1 << 20;

    /**
     * Connects without blocking the loop, within the connect timeout.
     *
     * @param address where to connect
     * @throws java.nio.channels.AlreadyConnectedException if already connected
     * @throws TransferTimeoutException if the connect timeout expires
     * @throws IOException if the connection is refused or fails
     */
    void connect(SocketAddress address) throws IOException;

    /**
     * Connects to {@code host:port}. The host name lookup blocks (as in Copas); pass an address
     * literal to avoid it.
     *
     * @param host a host name or address literal
     * @param port the port, 0 to 65535
     * @throws IOException if the connection fails
     */
    void connect(String host, int port) throws IOException;

    /**
     * Sends {@code data[from..to)} and returns once all of it is handed to the kernel.
     *
     * @param data the bytes
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return the index up to which data was sent, {@code to}
     * @throws TransferTimeoutException if the send timeout expires; {@code lastIndex()} tells how far it got
     * @throws TransferClosedException  if the connection is closed; {@code lastIndex()} tells how far it got
     * @throws IOException on other failures
     */
    int send(byte[] data, int from, int to) throws IOException;

    /**
     * Sends all of {@code data}.
     *
     * @param data the bytes
     * @return {@code data.length}
     * @throws IOException as {@link #send(byte[], int, int)}
     */
    default int send(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        return send(data, 0, data.length);
    }

    /**
     * Sends a string encoded as UTF-8.
     *
     * @param text the text
     * @return the number of bytes sent
     * @throws IOException as {@link #send(byte[], int, int)}
     */
    default int send(String text) throws IOException {
        Objects.requireNonNull(text, "text");
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Receives according to {@code pattern}, prepending {@code prefix}. As in LuaSocket, a byte
     * count includes the prefix: {@code receive(bytes(n), partial)} with the partial data of a
     * receive that timed out gets the rest of the {@code n} bytes, and a prefix of {@code n} bytes
     * or more comes back as it is, with nothing read.
     *
     * @param pattern what to wait for
     * @param prefix  bytes put before the result, or {@code null}
     * @return the data (a line without its end of line)
     * @throws TransferTimeoutException with the partial data, if a wait exceeds the receive timeout
     * @throws TransferClosedException  with the partial data, if the stream ends first; for
     *                                  {@link ReceivePattern#ALL} only when it ended with nothing
     *                                  received at all (LuaSocket: {@code nil, "closed"})
     * @throws ReceiveLimitException    with the partial data, if a line or ALL receive buffers more than
     *                                  {@link #receiveLimit()} bytes
     * @throws IOException on other failures
     */
    byte[] receive(ReceivePattern pattern, byte[] prefix) throws IOException;

    /**
     * Receives according to {@code pattern}.
     *
     * @param pattern what to wait for
     * @return the data
     * @throws IOException as {@link #receive(ReceivePattern, byte[])}
     */
    default byte[] receive(ReceivePattern pattern) throws IOException {
        return receive(pattern, null);
    }

    /**
     * Receives exactly {@code count} bytes.
     *
     * @param count how many, at least 0
     * @return the bytes
     * @throws IOException as {@link #receive(ReceivePattern, byte[])}
     */
    default byte[] receive(int count) throws IOException {
        return receive(ReceivePattern.bytes(count), null);
    }

    /**
     * Receives one line ({@code "*l"}), decoded as UTF-8.
     *
     * @return the line without LF or CR
     * @throws IOException as {@link #receive(ReceivePattern, byte[])}
     */
    default String receiveLine() throws IOException {
        return new String(receive(ReceivePattern.LINE, null), StandardCharsets.UTF_8);
    }

    /**
     * Like {@link #receive(ReceivePattern, byte[])}, but returns as soon as any data is there
     * ({@code receivepartial}); with {@link ReceivePattern#ALL} it returns each chunk as it
     * arrives, and an empty array at the end of the stream (with a non-empty prefix, whose result
     * could not be empty, the end is a {@link TransferClosedException} carrying the prefix).
     *
     * @param pattern what to wait for at most
     * @param prefix  bytes put before the result, or {@code null}; a byte count includes them
     * @return the data received so far, never empty except at the end of the stream for ALL
     * @throws IOException as {@link #receive(ReceivePattern, byte[])}
     */
    byte[] receivePartial(ReceivePattern pattern, byte[] prefix) throws IOException;

    /**
     * Receives what is there into {@code dst}, at most its remaining bytes, waiting (the task, not
     * the loop) while nothing is: {@link #receivePartial(ReceivePattern, byte[])} without the copy
     * into a new array. For parsers that read into their own buffers.
     *
     * @param dst where the bytes go, from its position; its position moves past them
     * @return how many bytes arrived (at least 1), 0 if {@code dst} has no room, -1 once the peer
     *         ended the stream
     * @throws IllegalArgumentException if {@code dst} is read-only
     * @throws TransferTimeoutException if the receive timeout expires first
     * @throws TransferClosedException  if the socket is closed, or the connection was reset (TLS:
     *                                  or ended without close_notify)
     * @throws IOException on other failures
     */
    default int receivePartial(ByteBuffer dst) throws IOException {
        return SocketStreams.receivePartial(this, Objects.requireNonNull(dst, "dst"));
    }

    /**
     * Sends what {@code src} has left, as {@link #send(byte[], int, int)}.
     *
     * @param src the bytes, from its position to its limit; its position moves past what was sent,
     *            also when the send fails (then it shows how far the send got)
     * @return how many bytes were sent, all that {@code src} had left
     * @throws IOException as {@link #send(byte[], int, int)}
     */
    default int send(ByteBuffer src) throws IOException {
        return SocketStreams.send(this, Objects.requireNonNull(src, "src"));
    }

    /**
     * A cooperative {@link InputStream} over this socket, for Java parsers and protocol code:
     * {@code read} waits (the task, never the loop) until some bytes are there and returns them,
     * as {@link #receivePartial(ByteBuffer)}; it returns -1 at the end of the stream and throws a
     * {@link TransferTimeoutException} (a {@code SocketTimeoutException}) when the receive timeout
     * expires. Use it from a task of the socket's scheduler. Bytes already buffered by a pattern
     * receive come first. Closing the stream closes the socket, as with {@code java.net.Socket}.
     *
     * @return a new stream; it buffers nothing itself
     */
    default InputStream inputStream() {
        return new SocketStreams.Input(this);
    }

    /**
     * A cooperative {@link OutputStream} over this socket: each {@code write} is a
     * {@link #send(byte[], int, int)} and returns once the kernel took the bytes, so {@code flush}
     * has nothing to do; wrap it in a {@link java.io.BufferedOutputStream} for small writes. Use it
     * from a task of the socket's scheduler. Closing the stream closes the socket, as with
     * {@code java.net.Socket}.
     *
     * @return a new stream; it buffers nothing itself
     */
    default OutputStream outputStream() {
        return new SocketStreams.Output(this);
    }

    /**
     * Sets the most a {@link ReceivePattern#LINE} or {@link ReceivePattern#ALL} receive may buffer
     * while it waits for the pattern to complete; beyond it the receive fails with a
     * {@link ReceiveLimitException} carrying what it buffered. It bounds what a peer that never
     * sends a line end (or never closes) costs in memory. Byte counts are bounded by the caller
     * and not limited. A layered socket (TLS) shares the limit of the socket under it.
     *
     * @param limit the limit in bytes, at least 1
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @see Scheduler.Builder#receiveLimit(int)
     */
    void setReceiveLimit(int limit);

    /**
     * The receive limit, see {@link #setReceiveLimit(int)}.
     *
     * @return the limit in bytes
     */
    int receiveLimit();

    /**
     * Shuts down one or both directions ({@code sock:shutdown}).
     *
     * @param how which direction
     * @throws java.nio.channels.NotYetConnectedException if the socket is not connected (naming it)
     * @throws IOException if the socket is closed, or the system refuses
     */
    void shutdown(ShutdownMode how) throws IOException;

    /**
     * Sets a socket option ({@code sock:setoption}).
     *
     * @param option the option
     * @param value  its value
     * @param <T>    the option's type
     * @throws IOException if the option cannot be set
     */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads a socket option ({@code sock:getoption}).
     *
     * @param option the option
     * @param <T>    the option's type
     * @return its value
     * @throws IOException if the option cannot be read
     */
    <T> T getOption(SocketOption<T> option) throws IOException;

    /**
     * The peer's address ({@code sock:getpeername}), or {@code null} while unconnected.
     *
     * @return the address
     * @throws IOException if the socket is closed
     */
    SocketAddress remoteAddress() throws IOException;

    /**
     * Whether connect succeeded and the socket is open.
     *
     * @return {@code true} if connected
     */
    boolean isConnected();

    /**
     * The underlying channel; in non-blocking mode and registered with the loop: do not read,
     * write or close it directly (use this socket's methods, and {@link #close()}, which wakes
     * the tasks waiting on it).
     *
     * @return the channel
     */
    SocketChannel channel();
}

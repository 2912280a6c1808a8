package io.copas.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The byte-buffer and stream views every {@link TcpSocket} gets from its interface, written once
 * over the socket's own receive and send, so a layered socket (TLS) has them without code of its
 * own; a socket may override the byte-buffer calls with faster ones.
 */
final class SocketStreams {

    /** Largest copy made for a buffer without an accessible array. */
    private static final int COPY_CHUNK = 64 * 1024;

    private SocketStreams() {
    }

    /** {@link TcpSocket#receivePartial(ByteBuffer)} over {@link TcpSocket#receivePartial(ReceivePattern, byte[])}. */
    static int receivePartial(TcpSocket socket, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst must be writable");
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        byte[] data;
        try {
            data = socket.receivePartial(ReceivePattern.bytes(dst.remaining()), null);
        } catch (TransferClosedException e) {
            if (e.getCause() != null || socket.isClosed()) {
                throw e; // a reset, a possibly truncated TLS stream, or closed on this side
            }
            return -1; // the peer ended the stream cleanly: nothing was buffered, a partial receive returns at once
        }
        dst.put(data);
        return data.length;
    }

    /** {@link TcpSocket#send(ByteBuffer)} over {@link TcpSocket#send(byte[], int, int)}. */
    static int send(TcpSocket socket, ByteBuffer src) throws IOException {
        int count = src.remaining();
        if (src.hasArray()) {
            int base = src.arrayOffset();
            try {
                socket.send(src.array(), base + src.position(), base + src.limit());
            } catch (IOException e) {
                if (e instanceof TransferFailure failure && failure.lastIndex() >= 0) {
                    src.position(failure.lastIndex() - base);
                }
                throw e;
            }
            src.position(src.limit());
            return count;
        }
        byte[] chunk = new byte[Math.min(count, COPY_CHUNK)];
        while (src.hasRemaining()) {
            int n = Math.min(chunk.length, src.remaining());
            src.get(src.position(), chunk, 0, n);
            try {
                socket.send(chunk, 0, n);
            } catch (IOException e) {
                if (e instanceof TransferFailure failure && failure.lastIndex() >= 0) {
                    src.position(src.position() + failure.lastIndex());
                }
                throw e;
            }
            src.position(src.position() + n);
        }
        return count;
    }

    /** Reads as a socket's partial receive: what is there, waiting cooperatively while nothing is. */
    static final class Input extends InputStream {

        private final TcpSocket socket;

        Input(TcpSocket socket) {
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : socket.receivePartial(ByteBuffer.wrap(b, off, len));
        }

        /** Closes the socket, as {@code java.net.Socket}'s streams do. */
        @Override
        public void close() {
            socket.close();
        }
    }

    /** Writes as a socket's send: each write returns once the kernel took the bytes. */
    static final class Output extends OutputStream {

        private final TcpSocket socket;

        Output(TcpSocket socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            socket.send(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            socket.send(b, off, off + len);
        }

        /** Closes the socket, as {@code java.net.Socket}'s streams do. */
        @Override
        public void close() {
            socket.close();
        }
    }
}

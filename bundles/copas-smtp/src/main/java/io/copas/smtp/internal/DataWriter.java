package io.copas.smtp.internal;

import io.copas.core.TcpSocket;
import java.io.IOException;

/**
 * Writes message data after {@code DATA} (RFC 5321, 4.5.2): every line end (CRLF, bare CR, bare
 * LF) becomes CRLF, a dot that starts a line is doubled, and {@link #finish()} ends the data with
 * a line holding one dot. Output goes out in chunks of a fixed size, so memory stays bounded
 * whatever the size of the message.
 */
public final class DataWriter {

    private static final int BUFFER_SIZE = 32 * 1024;

    private final TcpSocket socket;
    private final byte[] out = new byte[BUFFER_SIZE];
    private int count;
    private boolean atLineStart = true;
    private boolean pendingCr;
    private long sent;

    /**
     * A writer to {@code socket}.
     *
     * @param socket the connection, after a 354 reply to DATA
     */
    public DataWriter(TcpSocket socket) {
        this.socket = socket;
    }

    /**
     * Writes a chunk of the message.
     *
     * @param chunk the bytes
     * @throws IOException if sending fails
     */
    public void write(byte[] chunk) throws IOException {
        for (byte b : chunk) {
            if (pendingCr) {
                pendingCr = false;
                lineEnd();
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                lineEnd();
            } else {
                if (atLineStart && b == '.') {
                    put((byte) '.');
                }
                put(b);
                atLineStart = false;
            }
        }
    }

    /**
     * Ends the data: a line end if the message did not end with one, then {@code .CRLF}.
     *
     * @throws IOException if sending fails
     */
    public void finish() throws IOException {
        if (pendingCr || !atLineStart) {
            pendingCr = false;
            lineEnd();
        }
        put((byte) '.');
        lineEnd();
        flush();
    }

    /**
     * The bytes handed to the socket so far.
     *
     * @return the count
     */
    public long bytesSent() {
        return sent;
    }

    private void lineEnd() throws IOException {
        put((byte) '\r');
        put((byte) '\n');
        atLineStart = true;
    }

    private void put(byte b) throws IOException {
        if (count == out.length) {
            flush();
        }
        out[count++] = b;
    }

    private void flush() throws IOException {
        if (count > 0) {
            socket.send(out, 0, count);
            sent += count;
            count = 0;
        }
    }
}

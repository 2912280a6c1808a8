package io.copas.http.internal;

import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.http.HttpProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The receiving side of a connection: a buffer over the socket's partial receives, with lines
 * read under a length limit (the socket's own line receive has none) and an optional deadline
 * that bounds a whole phase (a response head), so a server trickling bytes cannot hold a task.
 */
final class Wire {

    private static final ReceivePattern SOME = ReceivePattern.ALL;

    private final TcpSocket socket;
    private byte[] buf = new byte[8192];
    private int pos;
    private int lim;
    private boolean eof;
    private long received;
    private Duration receiveTimeout;
    private long deadline;
    private boolean hasDeadline;

    Wire(TcpSocket socket) {
        this.socket = socket;
    }

    /** Sets the per-wait receive timeout used from now on. */
    void receiveTimeout(Duration timeout) {
        this.receiveTimeout = timeout;
        socket.setTimeouts(null, null, timeout);
    }

    /** Bounds everything read until {@link #clearDeadline()} by {@code within} from now. */
    void deadline(Duration within) {
        deadline = System.nanoTime() + within.toNanos();
        hasDeadline = true;
    }

    void clearDeadline() {
        hasDeadline = false;
        socket.setTimeouts(null, null, receiveTimeout);
    }

    /** Bytes received on this connection so far. */
    long received() {
        return received;
    }

    /** Whether the peer closed its side (the end of the stream was seen). */
    boolean ended() {
        return eof;
    }

    /** Bytes buffered and not yet consumed. */
    int buffered() {
        return lim - pos;
    }

    /**
     * Reads more from the socket into the buffer.
     *
     * @return false at the end of the stream
     */
    private boolean fill() throws IOException {
        byte[] got = receive();
        if (got == null) {
            return false;
        }
        append(got, 0);
        return true;
    }

    /** The next bytes from the socket, or {@code null} at the end of the stream. */
    private byte[] receive() throws IOException {
        if (eof) {
            return null;
        }
        if (hasDeadline) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransferTimeoutException("receive on '" + socket.name() + "' exceeded its deadline", null, -1);
            }
            Duration wait = Duration.ofNanos(left);
            socket.setTimeouts(null, null, receiveTimeout != null && receiveTimeout.compareTo(wait) < 0 ? receiveTimeout : wait);
        }
        byte[] got = socket.receivePartial(SOME, null);
        if (got.length == 0) {
            eof = true;
            return null;
        }
        received += got.length;
        return got;
    }

    private void append(byte[] got, int from) {
        int length = got.length - from;
        if (pos == lim) {
            pos = 0;
            lim = 0;
        }
        if (buf.length - lim < length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            if (buf.length - lim < length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, lim + length));
            }
        }
        System.arraycopy(got, from, buf, lim, length);
        lim += length;
    }

    /**
     * Waits up to {@code within} for the first byte.
     *
     * @return true if data (or the end of the stream) arrived in time
     */
    boolean awaitData(Duration within) throws IOException {
        if (buffered() > 0 || eof) {
            return true;
        }
        socket.setTimeouts(null, null, within);
        try {
            fill();
            return true;
        } catch (TransferTimeoutException e) {
            return false;
        } finally {
            socket.setTimeouts(null, null, receiveTimeout);
        }
    }

    /**
     * Reads one line ended by CRLF (or a bare LF), without the end, as Latin-1.
     *
     * @param max  the longest line accepted, end excluded
     * @param what what the line is, for messages ("status line", "header line", ...)
     * @return the line
     * @throws HttpProtocolException if the line is too long, holds a NUL or a bare CR, or the
     *                               stream ends first
     */
    String readLine(int max, String what) throws IOException {
        int scanned = 0; // relative to pos: fill() may move the buffered bytes
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    if (end - pos > max) {
                        throw new HttpProtocolException(what + " longer than " + max + " bytes");
                    }
                    String line = checkedLine(end, what);
                    pos = i + 1;
                    return line;
                }
            }
            scanned = lim - pos;
            if (lim - pos > max + 1) {
                throw new HttpProtocolException(what + " longer than " + max + " bytes");
            }
            try {
                if (!fill()) {
                    throw closedIn(what, null);
                }
            } catch (TransferClosedException e) {
                throw closedIn(what, e);
            }
        }
    }

    /** The server hung up while a line was read: before any byte of it, or partway. */
    private HttpProtocolException closedIn(String what, TransferClosedException cause) {
        String where = lim > pos ? "in the middle of the " + what + " (after " + (lim - pos) + " bytes)"
                : "before the " + what;
        return new HttpProtocolException("connection closed by the server " + where, cause);
    }

    private String checkedLine(int end, String what) throws HttpProtocolException {
        for (int i = pos; i < end; i++) {
            byte b = buf[i];
            if (b == 0) {
                throw new HttpProtocolException(what + " holds a NUL byte");
            }
            if (b == '\r') {
                throw new HttpProtocolException(what + " holds a bare CR");
            }
        }
        return new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
    }

    /** Whether the stream ends here: nothing buffered and the peer closed. Reads if needed. */
    boolean atEnd() throws IOException {
        return buffered() == 0 && !fill();
    }

    /**
     * Hands up to {@code max} bytes to {@code out}, reading when the buffer is empty.
     *
     * @return how many bytes were handed over, or -1 at the end of the stream
     */
    int transfer(long max, Chunk out) throws IOException {
        if (buffered() == 0) {
            byte[] got = receive();
            if (got == null) {
                return -1;
            }
            // hand the received array on without copying it through the buffer
            int n = (int) Math.min(max, got.length);
            out.accept(got, 0, n);
            if (n < got.length) {
                append(got, n);
            }
            return n;
        }
        int n = (int) Math.min(max, buffered());
        out.accept(buf, pos, n);
        pos += n;
        return n;
    }

    /** Takes bytes out of the wire's buffer (valid only during the call). */
    @FunctionalInterface
    interface Chunk {
        void accept(byte[] data, int offset, int length) throws IOException;
    }
}

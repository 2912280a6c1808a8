package io.copas.core.spi;

import java.nio.ByteBuffer;

/**
 * Bytes received and not yet handed to the caller. A producer either appends a buffer or writes
 * straight into the free tail ({@link #tail} then {@link #commit}); the receive patterns take from
 * the head. An array larger than the keep limit is dropped once drained, so an idle connection
 * keeps little. Not thread-safe: it belongs to one socket of one scheduler.
 */
public final class ReceiveBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_CAPACITY = 256;

    private final int keepLimit;
    private byte[] data = EMPTY;
    private int start;
    private int end;
    private long bytesScanned;

    /**
     * Creates an empty buffer.
     *
     * @param keepLimit the largest array kept once drained, in bytes
     */
    public ReceiveBuffer(int keepLimit) {
        if (keepLimit < 0) {
            throw new IllegalArgumentException("keepLimit must be >= 0, was " + keepLimit);
        }
        this.keepLimit = keepLimit;
    }

    /**
     * How many bytes are waiting.
     *
     * @return the count
     */
    public int available() {
        return end - start;
    }

    /**
     * Appends what {@code src} has left.
     *
     * @param src the bytes; its position moves to its limit
     */
    public void append(ByteBuffer src) {
        int n = src.remaining();
        ensureRoom(n);
        src.get(data, end, n);
        end += n;
    }

    /**
     * A buffer over the free tail, at least {@code room} bytes long; pass it to {@link #commit}
     * once written.
     *
     * @param room the least free space wanted
     * @return a heap buffer positioned at the tail
     */
    public ByteBuffer tail(int room) {
        ensureRoom(room);
        return ByteBuffer.wrap(data, end, data.length - end);
    }

    /**
     * Accepts what was written into the buffer returned by {@link #tail}.
     *
     * @param tail that buffer
     */
    public void commit(ByteBuffer tail) {
        end = tail.position();
    }

    private void ensureRoom(int room) {
        if (data.length - end >= room) {
            return;
        }
        int live = available();
        if (start > 0 && live + room <= data.length) {
            System.arraycopy(data, start, data, 0, live); // compact: enough room without growing
        } else {
            byte[] bigger = new byte[Math.max(Math.max(MIN_CAPACITY, live + room), data.length * 2)];
            System.arraycopy(data, start, bigger, 0, live);
            data = bigger;
        }
        start = 0;
        end = live;
    }

    /**
     * The index, relative to the unread data, of the first {@code b} at or after {@code from}.
     * A caller that waits for {@code b} passes how far it already searched, so that each byte is
     * examined once however often the buffer is refilled.
     *
     * @param b    the byte
     * @param from where to start, relative to the unread data, 0 to {@link #available()}
     * @return the index, or -1
     */
    public int indexOf(byte b, int from) {
        if (from < 0 || from > available()) {
            throw new IllegalArgumentException("from must be within 0.." + available() + ", was " + from);
        }
        for (int i = start + from; i < end; i++) {
            if (data[i] == b) {
                bytesScanned += i - start - from + 1;
                return i - start;
            }
        }
        bytesScanned += end - start - from;
        return -1;
    }

    /**
     * How many bytes {@link #indexOf} examined since the buffer was created: the cost of line
     * receives, for diagnostics and for tests that prove it stays linear.
     *
     * @return the count
     */
    public long bytesScanned() {
        return bytesScanned;
    }

    /**
     * Removes and returns {@code n} bytes after {@code prefix}.
     *
     * @param n      how many, at most {@link #available()}
     * @param prefix bytes put first, or {@code null}
     * @param dropCr whether CR bytes are left out (LuaSocket's line pattern)
     * @return the bytes
     */
    public byte[] take(int n, byte[] prefix, boolean dropCr) {
        int p = prefix == null ? 0 : prefix.length;
        int kept = n;
        if (dropCr) {
            for (int i = start; i < start + n; i++) {
                if (data[i] == '\r') {
                    kept--;
                }
            }
        }
        byte[] out = new byte[p + kept];
        if (p > 0) {
            System.arraycopy(prefix, 0, out, 0, p);
        }
        if (kept == n) {
            System.arraycopy(data, start, out, p, n);
        } else {
            int o = p;
            for (int i = start; i < start + n; i++) {
                if (data[i] != '\r') {
                    out[o++] = data[i];
                }
            }
        }
        skip(n);
        return out;
    }

    /**
     * Moves as many bytes as fit into {@code dst}.
     *
     * @param dst where they go, from its position
     * @return how many were moved
     */
    public int take(ByteBuffer dst) {
        int n = Math.min(available(), dst.remaining());
        dst.put(data, start, n);
        skip(n);
        return n;
    }

    /**
     * Removes and returns everything after {@code prefix}.
     *
     * @param prefix bytes put first, or {@code null}
     * @param dropCr whether CR bytes are left out
     * @return the bytes
     */
    public byte[] takeAll(byte[] prefix, boolean dropCr) {
        return take(available(), prefix, dropCr);
    }

    /**
     * Drops {@code n} bytes.
     *
     * @param n how many, at most {@link #available()}
     */
    public void skip(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (data.length > keepLimit) {
                data = EMPTY;
            }
        }
    }

    /** Forgets everything and releases the array. */
    public void clear() {
        data = EMPTY;
        start = 0;
        end = 0;
    }
}

package io.copas.core.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bytes read from a socket but not yet handed to the caller. Empty most of the time (a line
 * protocol consumes what it reads), so an idle connection holds no array larger than
 * {@link #KEEP_LIMIT}.
 */
final class ReceiveBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_CAPACITY = 256;
    private static final int KEEP_LIMIT = 2048;

    private byte[] data = EMPTY;
    private int start;
    private int end;

    int available() {
        return end - start;
    }

    void append(ByteBuffer src) {
        int n = src.remaining();
        if (data.length - end < n) {
            int live = available();
            if (live + n <= data.length && start > 0) {
                System.arraycopy(data, start, data, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(Math.max(MIN_CAPACITY, live + n), data.length * 2)];
                System.arraycopy(data, start, bigger, 0, live);
                data = bigger;
            }
            start = 0;
            end = live;
        }
        src.get(data, end, n);
        end += n;
    }

    /** Index (relative to the unread data) of the first {@code b}, or -1. */
    int indexOf(byte b) {
        for (int i = start; i < end; i++) {
            if (data[i] == b) {
                return i - start;
            }
        }
        return -1;
    }

    /** Removes and returns {@code n} bytes, after {@code prefix}; with {@code dropCr} CR bytes are left out. */
    byte[] take(int n, byte[] prefix, boolean dropCr) {
        int p = prefix == null ? 0 : prefix.length;
        byte[] out;
        if (dropCr) {
            int crs = 0;
            for (int i = start; i < start + n; i++) {
                if (data[i] == '\r') {
                    crs++;
                }
            }
            out = new byte[p + n - crs];
            int o = p;
            for (int i = start; i < start + n; i++) {
                if (data[i] != '\r') {
                    out[o++] = data[i];
                }
            }
        } else {
            out = new byte[p + n];
            System.arraycopy(data, start, out, p, n);
        }
        if (p > 0) {
            System.arraycopy(prefix, 0, out, 0, p);
        }
        skip(n);
        return out;
    }

    /** Drops {@code n} bytes. */
    void skip(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (data.length > KEEP_LIMIT) {
                data = EMPTY;
            }
        }
    }

    /** Removes and returns everything, after {@code prefix}. */
    byte[] takeAll(byte[] prefix, boolean dropCr) {
        return take(available(), prefix, dropCr);
    }

    /** Forgets everything and releases the array. */
    void clear() {
        data = EMPTY;
        start = 0;
        end = 0;
    }

    static byte[] concat(byte[] prefix, byte[] rest) {
        if (prefix == null || prefix.length == 0) {
            return rest;
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, out, prefix.length, rest.length);
        return out;
    }
}

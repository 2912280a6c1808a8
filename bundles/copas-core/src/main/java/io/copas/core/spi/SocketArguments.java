package io.copas.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument rules every Copas socket applies, plain or layered, written once so that each
 * socket accepts and refuses the same values with the same messages.
 */
public final class SocketArguments {

    private SocketArguments() {
    }

    /**
     * Checks that {@code [from, to)} is a range of {@code data}.
     *
     * @param data the bytes
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @throws NullPointerException     if {@code data} is {@code null}
     * @throws IllegalArgumentException naming the argument out of range
     */
    public static void checkRange(byte[] data, int from, int to) {
        Objects.requireNonNull(data, "data");
        if (from < 0 || from > data.length) {
            throw new IllegalArgumentException("from must be within 0.." + data.length + ", was " + from);
        }
        if (to < from || to > data.length) {
            throw new IllegalArgumentException("to must be within " + from + ".." + data.length + ", was " + to);
        }
    }

    /**
     * Copas' rule for timeouts: {@code null} or negative means none (wait forever).
     *
     * @param timeout the timeout as given
     * @return the timeout, or {@code null} for none
     */
    public static Duration timeout(Duration timeout) {
        return timeout == null || timeout.isNegative() ? null : timeout;
    }

    /**
     * Checks a receive limit.
     *
     * @param limit the most a receive may buffer, in bytes
     * @return {@code limit}
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static int checkReceiveLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("receive limit must be >= 1, was " + limit);
        }
        return limit;
    }

    /**
     * Checks a port number.
     *
     * @param port the port
     * @return {@code port}
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        return port;
    }
}

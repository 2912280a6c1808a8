package io.copas.core;

import java.io.IOException;

/**
 * A receive whose pattern the peer decides the length of (a line, or everything until the end)
 * buffered more than its socket's receive limit without completing: the peer is sending more
 * than the caller accepts. It carries what was buffered, taken off the socket, as a timeout does;
 * the socket stays open and the caller decides what to do (usually close it).
 *
 * @see TcpSocket#setReceiveLimit(int)
 */
public final class ReceiveLimitException extends IOException implements TransferFailure {

    private static final long serialVersionUID = 1L;
    private static final byte[] NONE = new byte[0];

    private final transient byte[] partialData;
    /** The receive limit that was reached, in bytes. */
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param message     what was received, naming the socket
     * @param partialData the bytes buffered when the limit was passed, prefix included, or {@code null}
     * @param limit       the limit that was passed, in bytes
     */
    public ReceiveLimitException(String message, byte[] partialData, int limit) {
        super(message);
        this.partialData = partialData == null ? NONE : partialData;
        this.limit = limit;
    }

    /**
     * The limit that was passed.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    @Override
    public byte[] partialData() {
        return partialData;
    }

    /**
     * Always -1: this is a receive.
     *
     * @return -1
     */
    @Override
    public int lastIndex() {
        return -1;
    }
}

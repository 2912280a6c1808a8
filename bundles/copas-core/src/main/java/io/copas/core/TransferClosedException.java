package io.copas.core;

import java.io.IOException;

/**
 * The connection was closed (by the peer, by a reset, or by another task closing the socket):
 * Copas' {@code "closed"}, with what was transferred before.
 */
public final class TransferClosedException extends IOException implements TransferFailure {

    private static final long serialVersionUID = 1L;
    private static final byte[] NONE = new byte[0];

    private final transient byte[] partialData;
    /** For a send, the index up to which data went out; else -1. */
    private final int lastIndex;

    /**
     * Creates the exception.
     *
     * @param message     what was closed, naming the socket
     * @param partialData bytes received before the close, or {@code null}
     * @param lastIndex   for a send, the index up to which data went out; else -1
     * @param cause       the underlying I/O error (a reset), or {@code null}
     */
    public TransferClosedException(String message, byte[] partialData, int lastIndex, Throwable cause) {
        super(message, cause);
        this.partialData = partialData == null ? NONE : partialData;
        this.lastIndex = lastIndex;
    }

    /**
     * The same close with {@code context} before its message, for a client that names what was
     * under way (a request, a step of a session); what was transferred is kept, and this exception
     * is the cause.
     *
     * @param context what was under way, such as {@code "GET http://example.org/"}
     * @return the new exception
     */
    public TransferClosedException within(String context) {
        return new TransferClosedException(context + ": " + getMessage(), partialData, lastIndex, this);
    }

    @Override
    public byte[] partialData() {
        return partialData;
    }

    @Override
    public int lastIndex() {
        return lastIndex;
    }
}

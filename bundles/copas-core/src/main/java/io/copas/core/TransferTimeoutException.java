package io.copas.core;

import java.net.SocketTimeoutException;

/** A socket operation timed out (Copas' {@code "timeout"}), with what it transferred so far. */
public final class TransferTimeoutException extends SocketTimeoutException implements TransferFailure {

    private static final long serialVersionUID = 1L;
    private static final byte[] NONE = new byte[0];

    private final transient byte[] partialData;
    /** For a send, the index up to which data went out; else -1. */
    private final int lastIndex;

    /**
     * Creates the exception.
     *
     * @param message     what timed out, naming the socket
     * @param partialData bytes received before the timeout, or {@code null}
     * @param lastIndex   for a send, the index up to which data went out; else -1
     */
    public TransferTimeoutException(String message, byte[] partialData, int lastIndex) {
        super(message);
        this.partialData = partialData == null ? NONE : partialData;
        this.lastIndex = lastIndex;
    }

    /**
     * The same timeout with {@code context} before its message, for a client that names what was
     * under way (a request, a step of a session); what was transferred is kept, and this exception
     * is the cause.
     *
     * @param context what was under way, such as {@code "GET http://example.org/"}
     * @return the new exception
     */
    public TransferTimeoutException within(String context) {
        TransferTimeoutException named = new TransferTimeoutException(context + ": " + getMessage(), partialData, lastIndex);
        named.initCause(this);
        return named;
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

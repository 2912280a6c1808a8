package io.copas.core;

/** Which direction {@link TcpSocket#shutdown(ShutdownMode)} closes. */
public enum ShutdownMode {
    /** No more receiving. */
    RECEIVE,
    /** No more sending: the peer sees the end of the stream. */
    SEND,
    /** Both directions. */
    BOTH
}

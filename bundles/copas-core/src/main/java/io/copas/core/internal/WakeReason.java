package io.copas.core.internal;

/** Why a task waiting on a socket was resumed. */
enum WakeReason {
    /** The socket is ready for the operation. */
    READY,
    /** The operation's timeout expired. */
    TIMEOUT,
    /** The socket was closed meanwhile. */
    CLOSED
}

package io.copas.core.spi;

/** What one {@link PatternReceiver.Source#fill()} achieved. */
public enum FillOutcome {
    /** Some bytes were added to the buffer. */
    DATA,
    /** The stream ended. */
    END,
    /** A wait timed out. */
    TIMEOUT,
    /** The socket was closed. */
    CLOSED
}

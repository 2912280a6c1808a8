package io.copas.core;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One received datagram and its sender.
 *
 * @param data   the payload (truncated to the size asked for)
 * @param sender where it came from
 */
public record Datagram(byte[] data, InetSocketAddress sender) {

    /**
     * Checks the components.
     *
     * @param data   the payload
     * @param sender the sender
     */
    public Datagram {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(sender, "sender");
    }
}

package io.copas.core.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Locale;

/**
 * Whether listening sockets that share a port with {@code SO_REUSEPORT} get the connections spread
 * over them by the kernel: Linux does (since 3.9); the BSDs and macOS accept the option but give
 * every connection to one socket, and Windows has no such option.
 */
final class ReusePort {

    /** Whether a scheduler group may shard a server by {@code SO_REUSEPORT}. */
    static final boolean SPREADS_CONNECTIONS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("linux") && supported();

    private ReusePort() {
    }

    private static boolean supported() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

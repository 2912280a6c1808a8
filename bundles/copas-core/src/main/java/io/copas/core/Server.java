package io.copas.core;

import java.net.SocketAddress;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/** A server socket registered with {@link Scheduler#addServer}. */
@ProviderType
public interface Server {

    /**
     * The server's name; accepted sockets are named {@code "<name>:client_N"} and their handler
     * tasks {@code "<name>:handler_N"}.
     *
     * @return the name
     */
    String name();

    /**
     * The address it listens on.
     *
     * @return the bound address
     */
    SocketAddress localAddress();

    /**
     * The timeout given to accepted sockets (TCP) or to the server's own socket (UDP).
     *
     * @return the timeout, or {@code null} for none
     */
    Duration timeout();

    /**
     * Whether it still accepts.
     *
     * @return {@code false} once removed
     */
    boolean isActive();
}

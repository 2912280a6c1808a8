package io.copas.http;

import io.copas.core.Scheduler;
import io.copas.core.TcpSocket;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes the plain TCP socket of a connection (upstream's {@code create} option), for example to
 * bind a local address, set socket options or wrap it for debugging. The client connects it,
 * sets its timeouts and, for https, wraps it in TLS.
 */
@ConsumerType
@FunctionalInterface
public interface SocketFactory {

    /**
     * Creates an unconnected socket of {@code scheduler}.
     *
     * @param scheduler the scheduler of the calling task
     * @return a new socket
     * @throws IOException if it cannot be made
     */
    TcpSocket create(Scheduler scheduler) throws IOException;
}

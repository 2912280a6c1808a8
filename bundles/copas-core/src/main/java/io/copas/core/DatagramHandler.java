package io.copas.core;

import org.osgi.annotation.versioning.ConsumerType;

/** Serves a UDP socket added as a server; runs once, in a task named {@code "<server>:handler"}. */
@ConsumerType
@FunctionalInterface
public interface DatagramHandler {

    /**
     * Handles the datagrams of a UDP server socket.
     *
     * @param socket the server's socket, wrapped for Copas
     * @throws Exception reported to the handler task's error handler
     */
    void handle(UdpSocket socket) throws Exception;
}

package io.copas.examples;

import io.copas.core.Datagram;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** A UDP echo server: one handler task for the one socket. */
public final class UdpEcho {

    private UdpEcho() {
    }

    /**
     * Adds a UDP echo server on 127.0.0.1 to {@code scheduler}.
     *
     * @param scheduler the scheduler that runs it
     * @return the server
     * @throws IOException if no port can be bound
     */
    public static Server start(Scheduler scheduler) throws IOException {
        // tag::udp-echo[]
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        return scheduler.addServer(channel, socket -> {     // runs once, for the server's socket
            while (true) {
                Datagram datagram = socket.receiveFrom(8192);
                socket.sendTo(datagram.data(), datagram.sender());
            }                                               // never close it: it is the server
        }, null, "udp-echo");
        // end::udp-echo[]
    }
}

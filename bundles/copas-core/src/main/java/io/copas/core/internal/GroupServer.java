package io.copas.core.internal;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A server of a scheduler group: one listening socket per member ({@code SO_REUSEPORT}) or one
 * acceptor that hands connections over; each part is an ordinary server of its member.
 *
 * @param name    the name shared by the parts
 * @param address the bound address
 * @param timeout the timeout of accepted sockets
 * @param parts   the members' servers, with the member that runs each
 */
record GroupServer(String name, SocketAddress address, Duration timeout, List<Part> parts) implements Server {

    /**
     * One listening socket and the member that accepts on it.
     *
     * @param owner  the member
     * @param server its server
     */
    record Part(Scheduler owner, Server server) {
    }

    @Override
    public SocketAddress localAddress() {
        return address;
    }

    @Override
    public boolean isActive() {
        return parts.stream().anyMatch(part -> part.server().isActive());
    }

    /** Removes every part from its member (queued to the loops, never waited for). */
    boolean remove(boolean keepOpen) {
        boolean wasActive = isActive();
        for (Part part : parts) {
            part.owner().removeServer(part.server(), keepOpen);
        }
        return wasActive;
    }

    @Override
    public String toString() {
        return "Server[" + name + ", " + address + ", " + parts.size() + " listening socket(s)]";
    }
}

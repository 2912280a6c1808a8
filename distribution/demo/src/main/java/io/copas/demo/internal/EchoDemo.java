package io.copas.demo.internal;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The distribution's demo: a line echo server on the scheduler service. The port comes from the
 * framework property {@code copas.demo.port} (default 0: any free port) and is printed on start.
 */
@Component(immediate = true)
public final class EchoDemo {

    private static final System.Logger LOG = System.getLogger("io.copas.demo");
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final Scheduler scheduler;
    private final Server server;

    /**
     * Starts the echo server.
     *
     * @param scheduler the scheduler service
     * @throws IOException if the port cannot be bound
     */
    @Activate
    public EchoDemo(@Reference Scheduler scheduler) throws IOException {
        this.scheduler = scheduler;
        int port = Integer.getInteger("copas.demo.port", 0);
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
        this.server = scheduler.addServer(channel, EchoDemo::echo, IDLE_TIMEOUT, "echo-demo");
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        System.out.println("Copas echo demo listening on 127.0.0.1:" + bound.getPort()
                + " (try: nc 127.0.0.1 " + bound.getPort() + "; shell: copas:status, copas:tasks)");
    }

    private static void echo(TcpSocket socket) throws IOException {
        try {
            while (true) {
                socket.send(socket.receiveLine() + "\n");
            }
        } catch (TransferClosedException clientLeft) {
            LOG.log(System.Logger.Level.DEBUG, "{0} left", socket.name());
        } catch (TransferTimeoutException idle) {
            // an idle client is normal here: its connection ends without a traceback in the console
            LOG.log(System.Logger.Level.DEBUG, "{0} idle for {1}: closed", socket.name(), IDLE_TIMEOUT);
        }
    }

    /** Stops accepting; connections in progress end with the scheduler. */
    @Deactivate
    void deactivate() {
        scheduler.removeServer(server, false);
        System.out.println("Copas echo demo stopped");
    }
}

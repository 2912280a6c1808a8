package io.copas.examples;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TransferClosedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/** The manual's first program: an echo server, one task per connection. */
public final class EchoServer {

    private EchoServer() {
    }

    /**
     * Adds an echo server on {@code 127.0.0.1:port} to {@code scheduler}.
     *
     * @param scheduler the scheduler that runs it
     * @param port      the port, 0 for any free one
     * @return the server, to learn its address or remove it
     * @throws IOException if the port cannot be bound
     */
    public static Server start(Scheduler scheduler, int port) throws IOException {
        // tag::echo-server[]
        ServerSocketChannel channel = ServerSocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", port));
        return scheduler.addServer(channel, socket -> {
            try {
                while (true) {
                    String line = socket.receiveLine();   // waits without blocking the loop
                    socket.send(line + "\n");
                }
            } catch (TransferClosedException clientLeft) {
                // the client hung up; the socket is closed when the handler returns
            }
        }, Duration.ofMinutes(5), "echo");
        // end::echo-server[]
    }

    /**
     * Serves until the process is stopped.
     *
     * @param args the port, or none for 8080
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        // tag::echo-main[]
        Scheduler scheduler = Scheduler.create();
        Server echo = start(scheduler, args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        System.out.println("echo server on " + echo.localAddress());
        scheduler.loop();   // runs until the server is removed
        // end::echo-main[]
    }
}

package io.copas.core.examples;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/** The echo server of the README, compiled and run by {@link EchoServerExampleTest}. */
public final class EchoServerExample {

    private EchoServerExample() {
    }

    /**
     * Starts an echo server, talks to it from a client task, then removes the server so the loop ends.
     *
     * @param args unused
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        // README-EXAMPLE-START
        Scheduler scheduler = Scheduler.create();
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));

        // one task per connection, written in plain blocking style
        Server echo = scheduler.addServer(channel, socket -> {
            try {
                while (true) {
                    socket.send(socket.receiveLine() + "\n");
                }
            } catch (TransferClosedException peerLeft) {
                // the client hung up: the handler ends and the socket is closed for us
            }
        }, Duration.ofSeconds(30), "echo");

        scheduler.loop(() -> { // runs as the task "copas_initializer"
            TcpSocket client = Copas.scheduler().tcp();
            client.connect(echo.localAddress());
            client.send("hello, copas\n");
            System.out.println("echoed: " + client.receiveLine());
            client.close();
            Copas.scheduler().removeServer(echo, false); // nothing left: loop() returns
        });
        // README-EXAMPLE-END
        scheduler.close();
    }
}

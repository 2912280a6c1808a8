package io.copas.examples;

import io.copas.core.Copas;
import io.copas.core.TcpSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/** A client task for the echo server: sends a line, reads the answer. */
public final class EchoClient {

    private EchoClient() {
    }

    /**
     * Sends {@code line} to the echo server at {@code address} and returns what came back. Call
     * it from a task.
     *
     * @param address the server
     * @param line    one line of text, without line end
     * @return the echoed line
     * @throws IOException if the exchange fails or times out
     */
    public static String echo(SocketAddress address, String line) throws IOException {
        // tag::echo-client[]
        try (TcpSocket socket = Copas.scheduler().tcp()) {
            socket.setTimeout(Duration.ofSeconds(10));  // connect, send and receive
            socket.connect(address);
            socket.send(line + "\n");
            return socket.receiveLine();
        }
        // end::echo-client[]
    }
}

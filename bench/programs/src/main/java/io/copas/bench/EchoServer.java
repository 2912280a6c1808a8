package io.copas.bench;

import io.copas.core.ConnectionHandler;
import io.copas.core.Copas;
import io.copas.core.ReceivePattern;
import io.copas.core.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * Copas for Java echo server for the harness, the counterpart of the harness' lua/echo_server.lua:
 * one task per connection reads a line ({@code receive(LINE)}, Copas' {@code "*l"}) and sends it
 * back with its {@code "\n"}; TCP_NODELAY on each connection; listen backlog 4096; a task ends
 * the process after LIFETIME seconds. The engine comes from {@code -Dio.copas.engine}.
 *
 * <p>usage: EchoServer PORT [LIFETIME_S=3600]; prints {@code LISTENING PORT engine=NAME}.
 */
public final class EchoServer {

    /**
     * Echoes lines until the peer leaves: {@code receive(LINE)}, then the line and its {@code "\n"}
     * in one send; TCP_NODELAY on, as every server of the harness.
     */
    static final ConnectionHandler ECHO = socket -> {
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        try {
            while (true) {
                byte[] line = socket.receive(ReceivePattern.LINE);
                byte[] reply = new byte[line.length + 1]; // line .. "\n"
                System.arraycopy(line, 0, reply, 0, line.length);
                reply[line.length] = '\n';
                socket.send(reply);
            }
        } catch (IOException closedOrFailed) {
            // as the Lua server: any receive/send error ends the handler; the socket is closed for us
        }
    };

    private EchoServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EchoServer PORT [LIFETIME_S]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long lifetime = args.length > 1 ? Long.parseLong(args[1]) : 3600;
        Scheduler scheduler = BenchSupport.scheduler();

        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress("127.0.0.1", port), 4096);

        scheduler.addServer(channel, ECHO, null, "echo");

        scheduler.add("lifetime", () -> {
            Copas.pause(Duration.ofSeconds(lifetime));
            System.exit(0);
        });

        System.out.println("LISTENING " + port + " engine=" + scheduler.engine());
        System.out.flush();
        scheduler.loop();
        System.exit(0);
    }
}

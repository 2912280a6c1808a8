package io.copas.jpms.app;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * A plain module-path application (no OSGi): requires io.copas.core, runs an echo round trip,
 * asks the scheduler for the "http" client (found through ServiceLoader when io.copas.http is on
 * the module path) and prints what it proved. Exit code 0 only when everything held.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the round trip.
     *
     * @param args unused
     * @throws Exception when the round trip fails
     */
    public static void main(String[] args) throws Exception {
        Module core = Scheduler.class.getModule();
        System.out.println("copas-core module: " + core.getName());
        if (!"io.copas.core".equals(core.getName()) || core.isExported("io.copas.core.internal")) {
            System.out.println("io.copas.core is not a proper named module");
            System.exit(2);
        }
        Scheduler scheduler = Scheduler.create();
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Server echo = scheduler.addServer(channel, socket -> socket.send(socket.receiveLine() + "\n"),
                Duration.ofSeconds(10), "jpms-echo");
        String[] reply = new String[1];
        scheduler.loop(() -> {
            try (TcpSocket client = Copas.scheduler().tcp()) {
                client.setTimeout(Duration.ofSeconds(10));
                client.connect(echo.localAddress());
                client.send("hello from the module path\n");
                reply[0] = client.receiveLine();
            } finally {
                Copas.scheduler().removeServer(echo, false);
            }
        });
        // a protocol client found by scheme through ServiceLoader: this module names none of them
        try {
            Object http = scheduler.client("http", Object.class);
            System.out.println("client http: " + http.getClass().getName() + " from module "
                    + http.getClass().getModule().getName());
        } catch (io.copas.core.client.ClientUnavailableException e) {
            System.out.println("client http: unavailable: " + e.getMessage());
        }
        scheduler.close();
        System.out.println("echo: " + reply[0] + " (engine " + scheduler.engine() + ")");
        System.exit("hello from the module path".equals(reply[0]) ? 0 : 4);
    }
}

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
 * asks the scheduler for the clients of the schemes given ("http" by default; found through
 * ServiceLoader when their modules are on the module path, or their jars on the class path) and
 * prints what it proved. It runs on the class path too. Exit code 0 only when everything held.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the round trip.
     *
     * @param args the schemes whose clients to ask for; none for {@code http}
     * @throws Exception when the round trip fails
     */
    public static void main(String[] args) throws Exception {
        Module core = Scheduler.class.getModule();
        if (!core.isNamed()) {
            System.out.println("copas-core on the class path");
        } else {
            System.out.println("copas-core module: " + core.getName());
            if (!"io.copas.core".equals(core.getName()) || core.isExported("io.copas.core.internal")) {
                System.out.println("io.copas.core is not a proper named module");
                System.exit(2);
            }
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
        // protocol clients found by scheme through ServiceLoader: this module names none of them
        for (String scheme : args.length == 0 ? new String[] {"http"} : args) {
            try {
                Object client = scheduler.client(scheme, Object.class);
                Module from = client.getClass().getModule();
                System.out.println("client " + scheme + ": " + client.getClass().getName()
                        + (from.isNamed() ? " from module " + from.getName() : " from the class path"));
            } catch (io.copas.core.client.ClientUnavailableException e) {
                System.out.println("client " + scheme + ": unavailable: " + e.getMessage());
            }
        }
        scheduler.close();
        System.out.println("echo: " + reply[0] + " (engine " + scheduler.engine() + ")");
        System.exit("hello from the module path".equals(reply[0]) ? 0 : 4);
    }
}

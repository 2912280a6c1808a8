package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.ftp.Ftp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * io.copas.ftp in Felix: its TLS import is optional, and a file is downloaded from a task of the
 * scheduler service, from a small FTP server that runs on the same scheduler (Apache FtpServer
 * does not run inside this framework).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FtpOsgiTest {

    private static final byte[] CONTENT = "hello from a Copas FTP server".getBytes(StandardCharsets.UTF_8);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @Test
    void ftpBundleImportsTlsOptionallyAndIsWiredToCopasOnly() {
        Bundle ftp = OsgiTesting.bundle(context, "io.copas.ftp");
        String imports = ftp.getHeaders().get("Import-Package");
        assertTrue(imports.matches(".*io\\.copas\\.tls;version=\"[^\"]*\";resolution:=optional.*"), imports);
        Set<String> providers = ftp.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .map(BundleWire::getProvider).map(r -> r.getBundle().getSymbolicName())
                .filter(name -> !name.equals(context.getBundle(0).getSymbolicName()))
                .collect(Collectors.toSet());
        assertTrue(Set.of("io.copas.core", "io.copas.tls").containsAll(providers), providers::toString);
    }

    @Test
    void fileIsDownloadedFromATaskOfTheSchedulerService() throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        Server server = scheduler.addServer(channel, this::serve, Duration.ofSeconds(20), "itest-ftp");
        try {
            byte[] file = scheduler.submit(() -> Ftp.get("ftp://127.0.0.1:" + port + "/hello.txt;type=i"))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(new String(CONTENT, StandardCharsets.UTF_8), new String(file, StandardCharsets.UTF_8));
        } finally {
            scheduler.removeServer(server, false);
        }
    }

    /** Just enough of an FTP server for one anonymous passive download. */
    private void serve(TcpSocket control) throws IOException {
        control.send("220 itest\r\n");
        while (true) {
            String line = control.receiveLine();
            switch (line.split(" ", 2)[0].toUpperCase(Locale.ROOT)) {
                case "USER" -> control.send("331 password please\r\n");
                case "PASS" -> control.send(line.equals("PASS anonymous@anonymous.org") ? "230 in\r\n" : "530 no\r\n");
                case "TYPE" -> control.send("200 ok\r\n");
                case "EPSV" -> control.send("229 Entering Extended Passive Mode (|||" + passive() + "|)\r\n");
                case "RETR" -> control.send("150 here it comes\r\n226 done\r\n");
                case "QUIT" -> {
                    control.send("221 bye\r\n");
                    return;
                }
                default -> control.send("502 not here\r\n");
            }
        }
    }

    /** A one-shot data listener that sends the file to whoever connects first. */
    private int passive() throws IOException {
        ServerSocketChannel data = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Server[] self = new Server[1];
        self[0] = Copas.scheduler().addServer(data, socket -> {
            Copas.scheduler().removeServer(self[0], false);
            socket.send(CONTENT);
        }, Duration.ofSeconds(20), "itest-ftp-data");
        return ((InetSocketAddress) data.getLocalAddress()).getPort();
    }
}

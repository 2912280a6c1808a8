package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.tls.Tls;
import io.copas.tls.TlsParameters;
import io.copas.tls.TlsSocket;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** io.copas.tls in Felix: wired to core only, and a TLS echo round trip on the scheduler service. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsOsgiTest {

    private static final char[] PASSWORD = "itest-only".toCharArray();

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @TempDir
    Path dir;

    @Test
    void tlsBundleIsWiredToTheCoreBundleOnly() {
        Bundle tls = OsgiTesting.bundle(context, "io.copas.tls");
        assertEquals(Bundle.ACTIVE, tls.getState());
        Set<String> providers = tls.adapt(BundleWiring.class).getRequiredWires(null).stream()
                .map(BundleWire::getProvider).map(r -> r.getBundle().getSymbolicName())
                .filter(name -> !name.equals(context.getBundle(0).getSymbolicName()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("io.copas.core"), providers);
    }

    @Test
    void tlsEchoRoundTripOnTheSchedulerService() throws Exception {
        KeyStore store = selfSignedLocalhost();
        PrivateKey key = (PrivateKey) store.getKey("server", PASSWORD);
        X509Certificate certificate = (X509Certificate) store.getCertificate("server");
        TlsParameters serverParams = TlsParameters.builder().identity(key, certificate).build();
        TlsParameters clientParams = TlsParameters.builder().trustCertificates(certificate).build();

        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        Server echo = scheduler.addServer(channel,
                Tls.handler(socket -> socket.send(socket.receiveLine() + "\n"), serverParams),
                Duration.ofSeconds(20), "itest-tls-echo");
        try {
            String reply = scheduler.submit(() -> {
                try (TlsSocket client = Tls.connect("localhost", port, clientParams, Duration.ofSeconds(20))) {
                    client.send("secret over osgi\n");
                    return client.receiveLine() + " via " + client.session().getProtocol();
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(reply.startsWith("secret over osgi via TLSv1."), reply);
        } finally {
            scheduler.removeServer(echo, false);
        }
    }

    /** A PKCS#12 store with a fresh self-signed certificate for localhost, made by the JDK's keytool. */
    private KeyStore selfSignedLocalhost() throws Exception {
        Path file = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        try (InputStream output = process.getInputStream()) {
            String text = new String(output.readAllBytes());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool failed: " + text);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }
}

package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.smtp.MimeMessage;
import io.copas.smtp.Smtp;
import io.copas.smtp.SmtpRequest;
import io.copas.smtp.SmtpResult;
import io.copas.smtp.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * io.copas.smtp in Felix: wired to core (and to tls, an optional import, when present), and a
 * message sent from a task of the scheduler service to a small SMTP server on the same scheduler.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmtpOsgiTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @Test
    void smtpBundleIsWiredToCoreAndOptionallyToTls() {
        Bundle smtp = OsgiTesting.bundle(context, "io.copas.smtp");
        Set<String> providers = smtp.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .map(BundleWire::getProvider).map(r -> r.getBundle().getSymbolicName())
                .filter(name -> !name.equals(context.getBundle(0).getSymbolicName()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("io.copas.core", "io.copas.tls"), providers);
    }

    @Test
    void messageSentFromASchedulerTask() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        Server server = scheduler.addServer(channel, socket -> received.complete(serve(socket)),
                Duration.ofSeconds(20), "itest-smtp");
        try {
            MimeMessage message = MimeMessage.builder().from("ana@example.org").to("bob@example.org")
                    .subject("from OSGi").text("sent by a task of the scheduler service").build();
            SmtpResult result = scheduler.submit(() -> Smtp.send(SmtpRequest.builder()
                    .server("127.0.0.1").port(port).tlsPolicy(TlsPolicy.OFF).timeout(Duration.ofSeconds(20))
                    .message(message).build())).get(30, TimeUnit.SECONDS);
            assertEquals(250, result.code());
            String data = received.get(30, TimeUnit.SECONDS);
            assertTrue(data.contains("Subject: from OSGi\r\n"), data);
            assertTrue(data.endsWith("sent by a task of the scheduler service\r\n.\r\n"), data);
        } finally {
            scheduler.removeServer(server, false);
        }
    }

    /** The server's side of one SMTP transaction; returns the message data as received. */
    private static String serve(TcpSocket socket) throws IOException {
        socket.send("220 itest ESMTP\r\n");
        expect(socket, "EHLO", "250 itest\r\n");
        expect(socket, "MAIL FROM:<ana@example.org>", "250 ok\r\n");
        expect(socket, "RCPT TO:<bob@example.org>", "250 ok\r\n");
        expect(socket, "DATA", "354 go\r\n");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String line;
        do {
            line = socket.receiveLine();
            data.writeBytes((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } while (!line.equals("."));
        socket.send("250 queued\r\n");
        expect(socket, "QUIT", "221 bye\r\n");
        return data.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void expect(TcpSocket socket, String prefix, String reply) throws IOException {
        String line = socket.receiveLine();
        if (!line.startsWith(prefix)) {
            socket.send("500 expected " + prefix + "\r\n");
            throw new IOException("expected " + prefix + ", got " + line);
        }
        socket.send(reply);
    }
}

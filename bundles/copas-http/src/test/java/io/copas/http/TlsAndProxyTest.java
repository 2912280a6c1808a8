package io.copas.http;

import static io.copas.http.RawServer.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.tls.TlsParameters;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** https through io.copas.tls (certificates made at test time), and proxies for http and https. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsAndProxyTest {

    static JdkServer https;
    static TlsParameters trustA;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.get();
        https = JdkServer.https(TestPki.server(pki.serverA).build().sslContext());
        trustA = TlsParameters.builder().trustCertificates(pki.rootA.certificate()).build();
    }

    @AfterAll
    static void stop() {
        https.close();
    }

    @Test
    void httpsWithATrustedCertificateAndKeepAlive() throws Exception {
        HttpClient client = HttpClient.builder().build();
        HttpResponse r = Loops.run(() -> {
            client.send(HttpRequest.builder(https.localhostUrl("/hello")).tls(trustA).build());
            return client.send(HttpRequest.builder(https.localhostUrl("/echo")).tls(trustA).build());
        });
        assertEquals(200, r.statusCode());
        assertEquals("localhost:" + https.port(), r.headers().value("X-Got-Host"));
        assertEquals(1, client.statistics().connectionsOpened(), "the TLS connection was kept and reused");
        assertEquals(1, client.statistics().connectionsReused());
    }

    @Test
    void verificationIsOnByDefault() {
        Exception e = Loops.failure(() -> Http.request(https.localhostUrl("/hello")));
        assertTrue(causedBy(e, SSLException.class), () -> "an unknown root fails the handshake: " + e);
    }

    @Test
    void theHostNameIsVerified() {
        TlsParameters wrongName = TlsParameters.builder().trustCertificates(TestPki.get().rootA.certificate())
                .serverName("wrong.test").build();
        Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(https.url("/hello")).tls(wrongName).build()));
        assertTrue(causedBy(e, SSLException.class), e::toString);
    }

    @Test
    void aCertificateOfAnotherRootIsRefused() {
        TlsParameters trustB = TlsParameters.builder().trustCertificates(TestPki.get().rootB.certificate()).build();
        Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(https.localhostUrl("/hello")).tls(trustB).build()));
        assertTrue(causedBy(e, SSLException.class), e::toString);
    }

    @Test
    void httpThroughAProxyUsesTheAbsoluteFormAndProxyAuthorization() throws Exception {
        try (RawServer proxy = new RawServer((s, in, out, i) -> {
            String head = RawServer.readHead(in);
            byte[] body = head.getBytes(StandardCharsets.ISO_8859_1);
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n"));
            out.write(body);
        })) {
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder("http://origin.test:8081/p/a?q=1")
                    .proxy("http://pu:pp@127.0.0.1:" + proxy.port()).build()));
            String seen = r.bodyText();
            assertTrue(seen.startsWith("GET http://origin.test:8081/p/a?q=1 HTTP/1.1\r\n"), seen);
            assertTrue(seen.contains("\r\nHost: origin.test:8081\r\n"), seen);
            assertTrue(seen.contains("\r\nProxy-Authorization: Basic " + base64("pu:pp") + "\r\n"), seen);
        }
    }

    /** A proxy that opens a tunnel to the test's https server for a CONNECT that {@code accept} takes, else answers 400. */
    private static RawServer tunnellingProxy(Predicate<String> accept) throws Exception {
        return new RawServer((s, in, out, i) -> {
            String head = RawServer.readHead(in);
            if (!head.startsWith("CONNECT localhost:" + https.port() + " HTTP/1.1\r\n") || !accept.test(head)) {
                out.write(ascii("HTTP/1.1 400 Bad\r\nContent-Length: 0\r\n\r\n"));
                return;
            }
            out.write(ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
            out.flush();
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), https.port())) {
                Thread back = Thread.ofPlatform().daemon().start(() -> pipe(upstream, out));
                pipe(in, upstream.getOutputStream());
                back.join();
            }
        });
    }

    @Test
    void httpsThroughAProxyUsesAConnectTunnel() throws Exception {
        try (RawServer proxy = tunnellingProxy(head -> head.contains("Proxy-Authorization: Basic " + base64("pu:pp")))) {
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(https.localhostUrl("/hello")).tls(trustA)
                    .proxy("http://pu:pp@127.0.0.1:" + proxy.port()).build()));
            assertEquals("hello", r.bodyText());
        }
    }

    @Test
    void aProxyAuthorizationHeaderOfTheRequestGoesToTheConnectNotThroughTheTunnelToTheOrigin() throws Exception {
        String credentials = "Basic " + base64("hu:hp");
        try (RawServer proxy = tunnellingProxy(head -> head.contains("\r\nProxy-Authorization: " + credentials + "\r\n"))) {
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(https.localhostUrl("/echo")).tls(trustA)
                    .proxy("http://127.0.0.1:" + proxy.port()).header("Proxy-Authorization", credentials).build()));
            assertEquals(200, r.statusCode(), "the proxy got the credentials in CONNECT");
            assertEquals("(none)", r.headers().value("X-Got-Proxy-Authorization"), "the origin never sees them");
        }
    }

    @Test
    void aTaskRemovedWhileItWaitsForTheTunnelLeavesNoSocketOpen() throws Exception {
        CountDownLatch connectSeen = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer proxy = new RawServer((s, in, out, i) -> {
            RawServer.readHead(in);
            connectSeen.countDown();
            release.await(30, TimeUnit.SECONDS); // never answers the CONNECT meanwhile
        }); Scheduler scheduler = Scheduler.create()) {
            Task requester = scheduler.add("requester", () -> Http.request(HttpRequest.builder(
                    https.localhostUrl("/hello")).tls(trustA).proxy("http://127.0.0.1:" + proxy.port()).build()));
            scheduler.add("remover", () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (connectSeen.getCount() > 0 && System.nanoTime() < deadline) {
                    Copas.pause(Duration.ofMillis(5));
                }
                Copas.scheduler().remove(requester);
            });
            scheduler.loop();
            release.countDown();
            assertEquals(0, connectSeen.getCount(), "the proxy saw the CONNECT");
            assertEquals(0, scheduler.status().sockets(), "the removed request closed its socket");
        }
    }

    @Test
    void aProxyRefusingTheTunnelIsReported() throws Exception {
        try (RawServer proxy = RawServer.replying(ascii("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"))) {
            Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(https.localhostUrl("/hello")).tls(trustA)
                    .proxy("http://127.0.0.1:" + proxy.port()).build()));
            assertInstanceOf(HttpException.class, e);
            assertTrue(e.getMessage().contains("refused the tunnel") && e.getMessage().contains("407"), e::getMessage);
        }
    }

    private static void pipe(Socket from, OutputStream to) {
        try {
            pipe(from.getInputStream(), to);
        } catch (Exception ignored) {
            // one side hung up
        }
    }

    private static void pipe(InputStream from, OutputStream to) throws java.io.IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = from.read(buffer)) > 0; ) {
            to.write(buffer, 0, n);
            to.flush();
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static boolean causedBy(Throwable e, Class<?> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

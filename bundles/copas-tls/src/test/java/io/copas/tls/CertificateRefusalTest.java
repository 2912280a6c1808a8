package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client refuses a server whose certificate is expired, self-signed, issued by an untrusted
 * root or made out to another host name: the connect fails with an {@link SSLHandshakeException}
 * naming the reason, no plain-text fallback happens, the refused server's task ends, and on the
 * same scheduler a connection to a properly certified server works at once.
 */
class CertificateRefusalTest {

    private static final Duration T = Duration.ofSeconds(20);

    /** What is wrong with the server's certificate, and the words the refusal must name. */
    enum BadCertificate {
        EXPIRED("validity", "expired"),
        SELF_SIGNED("unable to find valid certification path", "PKIX"),
        UNTRUSTED_ROOT("unable to find valid certification path", "PKIX"),
        WRONG_HOST("wrong.test", "No subject alternative");

        final String word;
        final String otherWord;

        BadCertificate(String word, String otherWord) {
            this.word = word;
            this.otherWord = otherWord;
        }

        TlsParameters serverParameters(TestPki pki) {
            return switch (this) {
                case EXPIRED -> TestPki.server(pki.expiredServerA).build();
                case SELF_SIGNED -> TlsParameters.builder()
                        .identity(pki.rootB.key(), new X509Certificate[] {pki.rootB.certificate()}).build();
                case UNTRUSTED_ROOT -> TestPki.server(pki.serverB).build();
                case WRONG_HOST -> TestPki.server(pki.serverA).build();
            };
        }

        TlsParameters clientParameters(TestPki pki) {
            TlsParameters.Builder b = TestPki.client(pki.rootA.certificate());
            return (this == WRONG_HOST ? b.serverName("wrong.test") : b).build();
        }
    }

    @ParameterizedTest
    @EnumSource(BadCertificate.class)
    void badServerCertificateIsRefusedAndAGoodServerIsServedOnTheSameScheduler(BadCertificate bad) throws Exception {
        TestPki pki = TestPki.get();
        AtomicReference<Throwable> refusal = new AtomicReference<>();
        AtomicReference<String> goodReply = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness(); ServerSocketChannel goodChannel = ServerSocketChannel.open()) {
            goodChannel.bind(new InetSocketAddress("127.0.0.1", 0));
            h.serve(bad.serverParameters(pki), tls -> tls.send(tls.receiveLine() + "\n"));
            Server good = h.scheduler.addServer(goodChannel, Tls.handler(tls -> tls.send(tls.receiveLine() + "!\n"),
                    TestPki.server(pki.serverA).build()), T, "good");
            int badPort = h.port();
            int goodPort = ((InetSocketAddress) goodChannel.getLocalAddress()).getPort();
            h.client("client", () -> {
                refusal.set(assertThrows(IOException.class,
                        () -> Tls.connect("127.0.0.1", badPort, bad.clientParameters(pki), T).send("secret\n")));
                try (TlsSocket tls = Tls.connect("127.0.0.1", goodPort, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    tls.send("hello\n");
                    goodReply.set(tls.receiveLine());
                }
                Copas.scheduler().removeServer(good, false);
            }).run();
            h.assertClean();
            assertTrue(h.errors.stream().allMatch(e -> e.getValue() instanceof IOException),
                    () -> "the refused connection's server task ended with an I/O failure only: " + h.errors);
        }
        Throwable failure = refusal.get();
        assertInstanceOf(SSLHandshakeException.class, failure, TlsHarness.messages(failure));
        String all = TlsHarness.messages(failure);
        assertTrue(all.contains(bad.word) || all.contains(bad.otherWord), all);
        assertEquals("hello!", goodReply.get(), "the good server was served right after the refusal");
    }
}

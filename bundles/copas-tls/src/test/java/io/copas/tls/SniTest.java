package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server side SNI: a certificate per name, strict and non-strict; the name asked for readable in the handler. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SniTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    private TlsParameters server(boolean strict) {
        return TestPki.server(pki.serverA)
                .sniIdentity("a.test", pki.serverA.key(), pki.serverA.chain())
                .sniIdentity("B.Test", pki.serverB.key(), pki.serverB.chain())
                .strictSni(strict)
                .build();
    }

    /** Connects asking for {@code name}; returns the subject of the certificate the server answered with. */
    private String subjectFor(int port, String name, boolean verifyHostname) throws Exception {
        TlsParameters params = TlsParameters.builder()
                .trustCertificates(pki.rootA.certificate(), pki.rootB.certificate())
                .serverName(name).verifyHostname(verifyHostname).build();
        try (TlsSocket tls = Tls.connect("127.0.0.1", port, params, T)) {
            tls.send("hi\n");
            assertEquals("hi", tls.receiveLine());
            return tls.peerCertificates().get(0).getSubjectX500Principal().getName();
        }
    }

    @Test
    void eachNameGetsItsOwnCertificate() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(false), tls -> {
                asked.add(tls.serverName().orElse("-"));
                tls.send(tls.receiveLine() + "\n");
            });
            int port = h.port();
            h.client("client", () -> {
                assertEquals("CN=server A", subjectFor(port, "a.test", true));
                assertEquals("CN=server B", subjectFor(port, "b.test", true));
                assertEquals("CN=server A", subjectFor(port, "localhost", true), "the default identity");
            }).run();
            h.assertNoErrors();
        }
        assertEquals(List.of("a.test", "b.test", "localhost"), asked);
    }

    @Test
    void nonStrictAnswersAnUnknownNameWithTheDefaultCertificate() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(false), tls -> {
                asked.add(tls.serverName().orElse("-"));
                tls.send(tls.receiveLine() + "\n");
            });
            int port = h.port();
            // the default certificate does not name c.test: the client must explicitly not check the name
            h.client("client", () -> assertEquals("CN=server A", subjectFor(port, "c.test", false))).run();
            h.assertNoErrors();
        }
        assertEquals(List.of("c.test"), asked);
    }

    @Test
    void strictRefusesAnUnknownNameAndServesKnownOnes() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(true), tls -> tls.send(tls.receiveLine() + "\n"));
            int port = h.port();
            h.client("client", () -> {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> subjectFor(port, "c.test", false));
                assertTrue(TlsHarness.messages(e).contains("unrecognized_name"), () -> TlsHarness.messages(e));
                assertEquals("CN=server B", subjectFor(port, "B.TEST", true), "names match ignoring case");
                Copas.pause();
            }).run();
            List<Throwable> serverErrors = h.errorsOf("srv:handler");
            assertEquals(1, serverErrors.size(), () -> "server side: " + h.errors);
            assertTrue(TlsHarness.messages(serverErrors.get(0)).contains("Unrecognized server name"),
                    () -> TlsHarness.messages(serverErrors.get(0)));
            assertEquals(1, h.errors.size(), () -> "only the refused handler failed: " + h.errors);
        }
    }
}

package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.ReceivePattern;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mutual TLS: client certificates required or wanted, present, missing or from another root. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MutualTlsTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    private TlsParameters server(ClientAuth auth) {
        return TestPki.server(pki.serverA, pki.rootA.certificate()).clientAuth(auth).build();
    }

    /** The server handler: records the client's certificates and answers one line. */
    private static TlsConnectionHandler recording(AtomicReference<List<X509Certificate>> seen) {
        return tls -> {
            seen.set(tls.peerCertificates());
            tls.send(tls.receiveLine() + "\n");
        };
    }

    private static void talk(int port, TlsParameters params) throws IOException {
        try (TlsSocket tls = Tls.connect("127.0.0.1", port, params, T)) {
            tls.send("me\n");
            assertEquals("me", tls.receiveLine());
        }
    }

    @Test
    void requiredAndPresent() throws Exception {
        AtomicReference<List<X509Certificate>> seen = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(ClientAuth.NEED), recording(seen));
            int port = h.port();
            h.client("client", () -> talk(port, TestPki.client(pki.rootA.certificate())
                    .identity(pki.clientA.key(), pki.clientA.chain()).build())).run();
            h.assertNoErrors();
        }
        assertEquals("CN=client A", seen.get().get(0).getSubjectX500Principal().getName());
    }

    @Test
    void wantedAndMissingIsAccepted() throws Exception {
        AtomicReference<List<X509Certificate>> seen = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(ClientAuth.WANT), recording(seen));
            int port = h.port();
            h.client("client", () -> talk(port, TestPki.client(pki.rootA.certificate()).build())).run();
            h.assertNoErrors();
        }
        assertEquals(List.of(), seen.get());
    }

    @Test
    void requiredAndMissingIsRefused() throws Exception {
        refused(TestPki.client(pki.rootA.certificate()).build());
    }

    @Test
    void requiredFromAnotherRootIsRefused() throws Exception {
        refused(TestPki.client(pki.rootA.certificate()).identity(pki.clientB.key(), pki.clientB.chain()).build());
    }

    /** The server refuses the client; in TLS 1.3 the client learns it at its first read at the latest. */
    private void refused(TlsParameters clientParams) throws Exception {
        AtomicReference<Throwable> clientFailure = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(ClientAuth.NEED), tls -> tls.send("never\n"));
            int port = h.port();
            h.client("client", () -> clientFailure.set(assertThrows(SSLException.class, () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, clientParams, T)) {
                    tls.receive(ReceivePattern.LINE);
                }
            }))).run();
            List<Throwable> serverErrors = h.errorsOf("srv:handler");
            assertEquals(1, serverErrors.size(), () -> "server side: " + h.errors);
            assertInstanceOf(SSLException.class, serverErrors.get(0));
            assertEquals(1, h.errors.size(), () -> "only the server handler failed: " + h.errors);
        }
        String all = TlsHarness.messages(clientFailure.get());
        assertTrue(all.contains("127.0.0.1") && (all.contains("certificate") || all.contains("unknown_ca")), all);
    }
}

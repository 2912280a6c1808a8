package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ALPN: the protocol chosen is readable on both sides after the handshake ({@code getalpn}). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AlpnTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    private Optional<String> negotiate(String[] serverProtocols, String[] clientProtocols, AtomicReference<Optional<String>> serverSaw)
            throws Exception {
        AtomicReference<Optional<String>> clientSaw = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).applicationProtocols(serverProtocols).build(), tls -> {
                serverSaw.set(tls.applicationProtocol());
                tls.send(tls.receiveLine() + "\n");
            });
            int port = h.port();
            h.client("client", () -> {
                TlsParameters params = TestPki.client(pki.rootA.certificate()).applicationProtocols(clientProtocols).build();
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, params, T)) {
                    tls.send("x\n");
                    assertEquals("x", tls.receiveLine());
                    clientSaw.set(tls.applicationProtocol());
                }
            }).run();
            h.assertNoErrors();
        }
        return clientSaw.get();
    }

    @Test
    void theServersFirstChoiceAmongTheClientsOffersWins() throws Exception {
        AtomicReference<Optional<String>> server = new AtomicReference<>();
        Optional<String> client = negotiate(new String[] {"http/1.1", "h2"}, new String[] {"h2", "http/1.1"}, server);
        assertEquals(Optional.of("http/1.1"), client);
        assertEquals(Optional.of("http/1.1"), server.get());
    }

    @Test
    void noAlpnWhenTheClientOffersNone() throws Exception {
        AtomicReference<Optional<String>> server = new AtomicReference<>();
        assertEquals(Optional.empty(), negotiate(new String[] {"h2"}, new String[0], server));
        assertEquals(Optional.empty(), server.get());
    }

    @Test
    void noCommonProtocolIsRefused() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).applicationProtocols("imap").build(), tls -> tls.send("no\n"));
            int port = h.port();
            h.client("client", () -> {
                TlsParameters params = TestPki.client(pki.rootA.certificate()).applicationProtocols("h2").build();
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> Tls.connect("127.0.0.1", port, params, T));
                assertTrue(TlsHarness.messages(e).contains("no_application_protocol"), () -> TlsHarness.messages(e));
            }).run();
            assertEquals(1, h.errorsOf("srv:handler").size(), () -> "server side: " + h.errors);
        }
    }
}

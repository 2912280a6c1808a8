package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Secure defaults, explicit and logged opt-outs, and arguments checked by name. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsParametersTest {

    private final TestPki pki = TestPki.get();

    @Test
    void defaultsAreSecure() {
        TlsParameters p = TlsParameters.defaults();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), p.protocols());
        assertTrue(p.verifyCertificates());
        assertTrue(p.verifyHostname());
        assertEquals(ClientAuth.NONE, p.clientAuth());
        assertEquals(List.of(), p.applicationProtocols());
        assertFalse(p.strictSni());
    }

    @Test
    void serversHaveAHandshakeDeadlineByDefault() {
        assertEquals(java.time.Duration.ofSeconds(20), TlsParameters.defaults().handshakeTimeout());
        assertEquals(java.time.Duration.ofSeconds(20), TestPki.server(pki.serverA).build().handshakeTimeout());
        assertEquals(null, TlsParameters.builder().handshakeTimeout(null).build().handshakeTimeout(), "none, explicitly");
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        SSLContext context = SSLContext.getDefault();
        assertNamed("protocols", () -> TlsParameters.builder().protocols());
        assertNamed("protocols", () -> TlsParameters.builder().protocols("TLSv9").build());
        assertNamed("cipherSuites", () -> TlsParameters.builder().cipherSuites("TLS_NOPE").build());
        assertNamed("hostName", () -> TlsParameters.builder().sniIdentity("bad name!", pki.serverA.key(), pki.serverA.chain()));
        assertNamed("hostName", () -> TlsParameters.builder().serverName(" "));
        assertNamed("chain", () -> TlsParameters.builder().identity(pki.serverA.key()));
        assertNamed("chain", () -> TlsParameters.builder().identity(pki.serverA.key(), pki.serverB.certificate()));
        assertNamed("strictSni", () -> TlsParameters.builder().strictSni(true).build());
        assertNamed("sslContext", () -> TlsParameters.builder().sslContext(context).trustCertificates(pki.rootA.certificate()).build());
        assertNamed("certificates", () -> TlsParameters.builder().trustCertificates());
        assertNamed("protocols", () -> TlsParameters.builder().applicationProtocols("h2", ""));
        assertEquals(context, TlsParameters.builder().sslContext(context).build().sslContext());
    }

    /** Found by a contract trial: a wrong password was taken, and every handshake of the server then failed. */
    @Test
    void aKeyStoreIsCheckedWithItsPasswordWhenGiven() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", pki.serverA.key(), "right".toCharArray(), pki.serverA.chain());
        assertTrue(TlsParameters.builder().keyStore(store, "right".toCharArray()).build() != null);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> TlsParameters.builder().keyStore(store, "WRONG".toCharArray()));
        assertTrue(wrong.getMessage().contains("keyStore") && wrong.getMessage().contains("password"), wrong.getMessage());
        java.security.KeyStore trustOnly = java.security.KeyStore.getInstance("PKCS12");
        trustOnly.load(null, null);
        trustOnly.setCertificateEntry("root", pki.rootA.certificate());
        assertNamed("keyStore", () -> TlsParameters.builder().keyStore(trustOnly, new char[0]));
    }

    /** Found by a contract trial: a zero handshake timeout was taken, and handshakes then failed. */
    @Test
    void aZeroHandshakeTimeoutIsRefused() {
        assertNamed("handshakeTimeout", () -> TlsParameters.builder().handshakeTimeout(java.time.Duration.ZERO));
        assertEquals(null, TlsParameters.builder().handshakeTimeout(java.time.Duration.ofSeconds(-1)).build()
                .handshakeTimeout(), "negative: none");
    }

    private static void assertNamed(String argument, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(argument), () -> "'" + e.getMessage() + "' should name " + argument);
    }

    @Test
    void turningVerificationOffIsLoggedOnce() {
        Logger logger = Logger.getLogger("io.copas.tls");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            TlsParameters.builder().trustCertificates(pki.rootA.certificate()).build();
            assertEquals(0, records.size(), "verification on: nothing logged");
            TlsParameters.builder().verifyCertificates(false).build();
            assertEquals(1, records.size());
            assertTrue(records.get(0).getMessage().contains("certificate verification is OFF"), records.get(0).getMessage());
            TlsParameters.builder().verifyHostname(false).build();
            assertEquals(2, records.size());
            assertTrue(records.get(1).getMessage().contains("host name verification is OFF"), records.get(1).getMessage());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void withSessionPortCopiesEverythingElse() {
        TlsParameters original = TlsParameters.builder().protocols("TLSv1.2").serverName("example.org").build();
        TlsParameters copy = original.withSessionPort(21);
        assertEquals(-1, original.sessionPort());
        assertEquals(21, copy.sessionPort());
        assertTrue(copy.sslContext() == original.sslContext(), "same context, so the same session cache");
        assertEquals(original.protocols(), copy.protocols());
        assertEquals(original.serverName(), copy.serverName());
        assertEquals(original.verifyHostname(), copy.verifyHostname());
        assertEquals(70_000, original.withSessionPort(70_000).sessionPort(), "a private cache slot above the ports");
        assertThrows(IllegalArgumentException.class, () -> original.withSessionPort(-1));
    }
}

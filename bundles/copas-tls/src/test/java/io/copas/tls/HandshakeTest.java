package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.CopasSocket;
import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handshakes both ways, and the refusals a client must make: wrong root, wrong host name, expired certificate. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandshakeTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    /** An upper-casing echo of one line, recording what the server saw. */
    private static TlsConnectionHandler echo(AtomicReference<TlsSocket> seen) {
        return tls -> {
            seen.set(tls);
            tls.send(tls.receiveLine().toUpperCase() + "\n");
        };
    }

    @Test
    void tls13HandshakeBothWays() throws Exception {
        AtomicReference<TlsSocket> server = new AtomicReference<>();
        AtomicReference<TlsSocket> client = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), echo(server));
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    client.set(tls);
                    assertTrue(tls.isHandshakeDone());
                    tls.send("hello tls\n");
                    assertEquals("HELLO TLS", tls.receiveLine());
                    assertEquals("TLSv1.3", tls.session().getProtocol());
                    assertEquals("CN=server A", tls.peerCertificates().get(0).getSubjectX500Principal().getName());
                    assertEquals(Optional.of("localhost"), tls.serverName());
                    assertTrue(tls.isClientMode());
                }
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertTrue(client.get().isClosed());
        assertFalse(server.get().isClientMode());
        assertEquals(List.of(), server.get().peerCertificates(), "no client certificate was asked for");
        assertEquals(Optional.of("localhost"), server.get().serverName());
        assertTrue(server.get().isClosed(), "the handler's socket is closed when it ends (autoclose)");
    }

    @Test
    void aTls12ServerThatSendsItsDataAndClosesRightAfterTheHandshakeIsReadToTheEnd() throws Exception {
        // its last flight, its data and its close_notify come in one read (as from openssl s_server
        // with its input at its end): the client took the closed engine for a failed handshake
        // ("closed during the handshake") and lost the data
        TlsParameters serverParams = TestPki.server(pki.serverA).build();
        for (int run = 0; run < 5; run++) {
            try (javax.net.ssl.SSLServerSocket listener = (javax.net.ssl.SSLServerSocket) serverParams.sslContext()
                    .getServerSocketFactory().createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                listener.setEnabledProtocols(new String[] {"TLSv1.2"});
                Thread server = Thread.ofPlatform().name("tls12-banner").start(() -> {
                    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listener.accept()) {
                        s.startHandshake();
                        s.getOutputStream().write("banner line\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        // the client's failure is what the test reports
                    }
                });
                int port = listener.getLocalPort();
                String[] received = new String[1];
                try (TlsHarness h = new TlsHarness()) {
                    h.client("client", () -> {
                        try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                            received[0] = new String(tls.receive(io.copas.core.ReceivePattern.ALL),
                                    java.nio.charset.StandardCharsets.US_ASCII);
                        }
                    }).run();
                    h.assertNoErrors();
                }
                server.join(T.toMillis());
                assertEquals("banner line\n", received[0], "run " + run);
            }
        }
    }

    @Test
    void bothEndsTurnNaglesAlgorithmOffSoAHandshakesSecondWriteIsNotHeldForADelayedAck() throws Exception {
        // with Nagle on, TLS 1.2's last flight and TLS 1.3's first reply after the session ticket
        // waited about 40 ms for the peer's delayed ACK on every new connection (bench: repro of the
        // TLS server trial); Netty and Jetty turn it off for the same reason
        AtomicReference<Boolean> serverSide = new AtomicReference<>();
        AtomicReference<Boolean> clientSide = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> {
                serverSide.set(tls.getOption(java.net.StandardSocketOptions.TCP_NODELAY));
                tls.send(tls.receiveLine() + "\n");
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    clientSide.set(tls.getOption(java.net.StandardSocketOptions.TCP_NODELAY));
                    tls.send("hi\n");
                    assertEquals("hi", tls.receiveLine());
                }
            }).run();
            h.assertNoErrors();
        }
        assertEquals(Boolean.TRUE, serverSide.get(), "server");
        assertEquals(Boolean.TRUE, clientSide.get(), "client");
    }

    @Test
    void tls12HandshakeBothWays() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).protocols("TLSv1.2").build(), echo(new AtomicReference<>()));
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port,
                        TestPki.client(pki.rootA.certificate()).protocols("TLSv1.2").build(), T)) {
                    tls.send("twelve\n");
                    assertEquals("TWELVE", tls.receiveLine());
                    assertEquals("TLSv1.2", tls.session().getProtocol());
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void sniIsSentFromTheConnectHostByDefault() throws Exception {
        AtomicReference<TlsSocket> server = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), echo(server));
            int port = h.port();
            h.client("client", () -> {
                TlsParameters params = TlsParameters.builder().trustCertificates(pki.rootA.certificate()).build();
                try (TlsSocket tls = Tls.connect("localhost", port, params, T)) {
                    tls.send("by name\n");
                    assertEquals("BY NAME", tls.receiveLine());
                }
            }).run();
            h.assertNoErrors();
        }
        assertEquals(Optional.of("localhost"), server.get().serverName());
    }

    @Test
    void explicitHandshakeOnAConnectedSocket() throws Exception {
        AtomicReference<TlsSocket> server = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), echo(server));
            int port = h.port();
            h.client("client", () -> {
                TcpSocket plain = Copas.scheduler().tcp();
                plain.setTimeout(T);
                plain.connect("127.0.0.1", port);
                TlsSocket tls = Tls.wrap(plain, TlsParameters.builder().trustCertificates(pki.rootA.certificate()).build());
                tls.setServerName("a.test");
                assertFalse(tls.isHandshakeDone());
                tls.handshake();
                tls.handshake(); // a second call does nothing
                assertTrue(tls.isHandshakeDone());
                assertThrows(IllegalStateException.class, () -> tls.setServerName("b.test"));
                tls.send("explicit\n");
                assertEquals("EXPLICIT", tls.receiveLine());
                tls.close();
            }).run();
            h.assertNoErrors();
        }
        assertEquals(Optional.of("a.test"), server.get().serverName());
    }

    @Test
    void copasDohandshakeWrapsAConnectedSocket() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), echo(new AtomicReference<>()));
            int port = h.port();
            h.client("client", () -> {
                TcpSocket plain = Copas.scheduler().tcp();
                plain.connect("127.0.0.1", port);
                // no server name: the peer's address is verified against the certificate's IP entry
                try (TlsSocket tls = Tls.handshake(plain, TlsParameters.builder().trustCertificates(pki.rootA.certificate()).build())) {
                    assertEquals(Optional.empty(), tls.serverName(), "no SNI for an address");
                    tls.send("by address\n");
                    assertEquals("BY ADDRESS", tls.receiveLine());
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void dohandshakeWorksInServerMode() throws Exception {
        TlsParameters serverParams = TestPki.server(pki.serverA).build();
        try (TlsHarness h = new TlsHarness()) {
            // STARTTLS style: plain text first, then each side turns TLS on over the same connection
            h.servePlain(plain -> {
                assertEquals("STARTTLS", new String(plain.receive(ReceivePattern.LINE), StandardCharsets.US_ASCII));
                plain.send("GO\n");
                try (TlsSocket tls = Tls.handshakeServer(plain, serverParams)) {
                    assertFalse(tls.isClientMode());
                    tls.send(tls.receiveLine().toUpperCase() + "\n");
                }
            });
            int port = h.port();
            h.client("client", () -> {
                TcpSocket plain = Copas.scheduler().tcp();
                plain.setTimeout(T);
                plain.connect("127.0.0.1", port);
                plain.send("STARTTLS\n");
                assertEquals("GO", plain.receiveLine());
                try (TlsSocket tls = Tls.handshake(plain, TestPki.client(pki.rootA.certificate()).serverName("localhost").build())) {
                    tls.send("upgraded\n");
                    assertEquals("UPGRADED", tls.receiveLine());
                }
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
    }

    @Test
    void handlerErrorIsReportedWhileTheSocketIsStillOpen() throws Exception {
        AtomicBoolean openWhenReported = new AtomicBoolean();
        AtomicReference<CopasSocket> reported = new AtomicReference<>();
        AtomicReference<TransferClosedException> clientSaw = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.scheduler.setDefaultErrorHandler((error, task, socket) -> {
                h.errors.add(java.util.Map.entry(task.name(), error));
                reported.set(socket);
                openWhenReported.set(socket != null && !socket.isClosed());
            });
            h.serve(TestPki.server(pki.serverA).build(), tls -> {
                tls.send("half an answer");
                throw new IllegalStateException("handler bug");
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    clientSaw.set(assertThrows(TransferClosedException.class, () -> tls.receive(ReceivePattern.ALL)));
                }
            }).run();
            assertEquals(1, h.errors.size(), () -> "errors: " + h.errors);
            assertInstanceOf(IllegalStateException.class, h.errors.get(0).getValue());
            h.assertClean();
        }
        assertTrue(openWhenReported.get(), "the error handler saw the connection open, as for plain sockets");
        assertTrue(reported.get().isClosed(), "the core closed it after the report");
        // no close_notify after a failed handler: the client learns the answer may be incomplete
        assertEquals("half an answer", new String(clientSaw.get().partialData(), StandardCharsets.UTF_8));
        assertInstanceOf(SSLException.class, clientSaw.get().getCause());
    }

    @Test
    void certificateFromAnotherRootIsRefused() throws Exception {
        Throwable failure = refusedByClient(TestPki.server(pki.serverA).build(), TestPki.client(pki.rootB.certificate()).build());
        assertTrue(TlsHarness.messages(failure).contains("PKIX"), () -> TlsHarness.messages(failure));
    }

    @Test
    void wrongHostNameIsRefused() throws Exception {
        Throwable failure = refusedByClient(TestPki.server(pki.serverA).build(),
                TestPki.client(pki.rootA.certificate()).serverName("wrong.test").build());
        assertTrue(failure.getMessage().contains("wrong.test"), failure::getMessage);
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        Throwable failure = refusedByClient(TestPki.server(pki.expiredServerA).build(),
                TestPki.client(pki.rootA.certificate()).build());
        String all = TlsHarness.messages(failure);
        assertTrue(all.contains("validity") || all.contains("expired"), all);
    }

    @Test
    void hostNameVerificationCanBeTurnedOffExplicitly() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), echo(new AtomicReference<>()));
            int port = h.port();
            h.client("client", () -> {
                TlsParameters params = TestPki.client(pki.rootA.certificate()).serverName("wrong.test").verifyHostname(false).build();
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, params, T)) {
                    tls.send("anyway\n");
                    assertEquals("ANYWAY", tls.receiveLine());
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void certificateVerificationCanBeTurnedOffExplicitly() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverB).build(), echo(new AtomicReference<>()));
            int port = h.port();
            h.client("client", () -> {
                TlsParameters params = TlsParameters.builder().verifyCertificates(false).build();
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, params, T)) {
                    tls.send("trusting\n");
                    assertEquals("TRUSTING", tls.receiveLine());
                }
            }).run();
            h.assertNoErrors();
        }
    }

    /** Runs a client that must be refused; checks both sides failed cleanly and returns the client's failure. */
    private static Throwable refusedByClient(TlsParameters serverParams, TlsParameters clientParams) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<TlsSocket> socket = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(serverParams, tls -> tls.send("never\n"));
            int port = h.port();
            h.client("client", () -> {
                TlsSocket tls = Tls.wrap(Copas.scheduler().tcp(), clientParams);
                socket.set(tls);
                tls.setTimeout(T);
                failure.set(assertThrows(SSLHandshakeException.class, () -> tls.connect("127.0.0.1", port)));
            }).run();
            assertTrue(socket.get().isClosed(), "a failed handshake closes the socket");
            assertTrue(failure.get().getMessage().contains("127.0.0.1:" + port), () -> "names the peer: " + failure.get().getMessage());
            List<Throwable> serverErrors = h.errorsOf("srv:handler");
            assertEquals(1, serverErrors.size(), () -> "server side: " + h.errors);
            assertInstanceOf(javax.net.ssl.SSLException.class, serverErrors.get(0));
            assertTrue(serverErrors.get(0).getMessage().contains("127.0.0.1"), serverErrors.get(0)::getMessage);
            assertEquals(1, h.errors.size(), () -> "only the server handler failed: " + h.errors);
            h.assertClean();
        }
        return failure.get();
    }
}

package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input: a silent peer, plaintext, garbage, a peer that hangs up. Every failure reaches the
 * task as a clear exception naming the peer, the socket is closed, and the loop and the other
 * tasks go on.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadPeerTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    @Test
    void aTaskRemovedWhileTlsConnectWaitsForTheHandshakeLeavesNoSocketOpen() throws Exception {
        AtomicBoolean accepted = new AtomicBoolean();
        AtomicReference<io.copas.core.Task> connecting = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.servePlain(plain -> { // accepts, never answers the ClientHello; ends when the client hangs up
                accepted.set(true);
                plain.receive(ReceivePattern.ALL);
            });
            int port = h.port();
            h.client("connecting", () -> {
                connecting.set(Copas.current());
                Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T);
            });
            h.client("remover", () -> {
                TlsHarness.pauseUntil(accepted::get, Duration.ofSeconds(10), "the connection accepted");
                Copas.scheduler().remove(connecting.get());
            });
            h.run();
            assertEquals(0, h.scheduler.status().sockets(), "the removed task's socket was closed");
        }
    }

    @Test
    void handshakeTimesOutAgainstASilentPeer() throws Exception {
        AtomicReference<TlsSocket> socket = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger ticks = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        long[] elapsedMs = new long[1];
        try (TlsHarness h = new TlsHarness()) {
            // accepts, reads whatever comes, never answers
            h.servePlain(plain -> plain.receive(ReceivePattern.ALL));
            int port = h.port();
            h.client("ticker", () -> {
                while (!done.get()) {
                    ticks.incrementAndGet();
                    Copas.pause(Duration.ofMillis(10));
                }
            });
            h.client("client", () -> {
                TlsSocket tls = Tls.wrap(Copas.scheduler().tcp(), TestPki.client(pki.rootA.certificate()).build());
                socket.set(tls);
                tls.setTimeouts(Duration.ofMillis(300), T, T);
                long start = System.nanoTime();
                try {
                    failure.set(assertThrows(TransferTimeoutException.class, () -> tls.connect("127.0.0.1", port)));
                } finally {
                    elapsedMs[0] = (System.nanoTime() - start) / 1_000_000;
                    done.set(true);
                }
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertTrue(elapsedMs[0] >= 250 && elapsedMs[0] < 5_000, "timed out after " + elapsedMs[0] + " ms");
        assertTrue(failure.get().getMessage().contains("handshake") && failure.get().getMessage().contains("127.0.0.1"),
                failure.get().getMessage());
        assertTrue(socket.get().isClosed());
        assertTrue(ticks.get() >= 10, "the other task kept running: " + ticks.get());
    }

    @Test
    void plaintextSentToATlsServerFailsThatConnectionOnly() throws Exception {
        AtomicReference<byte[]> answer = new AtomicReference<>();
        AtomicInteger ticks = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> tls.send(tls.receiveLine() + "\n"));
            int port = h.port();
            h.client("ticker", () -> {
                while (!done.get()) {
                    ticks.incrementAndGet();
                    Copas.pause(Duration.ofMillis(10));
                }
            });
            h.client("client", () -> {
                try {
                    TcpSocket plain = Copas.scheduler().tcp();
                    plain.setTimeout(T);
                    plain.connect("127.0.0.1", port);
                    plain.send("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
                    // the server answers with an alert (or nothing) and closes
                    try {
                        answer.set(plain.receive(ReceivePattern.ALL));
                    } catch (TransferClosedException e) {
                        answer.set(e.partialData());
                    }
                    plain.close();
                    // the server still serves proper clients
                    try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                        tls.send("still here\n");
                        assertEquals("still here", tls.receiveLine());
                    }
                } finally {
                    done.set(true);
                }
            }).run();
            List<Throwable> serverErrors = h.errorsOf("srv:handler");
            assertEquals(1, serverErrors.size(), () -> "server side: " + h.errors);
            assertEquals(1, h.errors.size(), () -> "only the plaintext connection failed: " + h.errors);
            assertInstanceOf(SSLHandshakeException.class, serverErrors.get(0));
            assertTrue(serverErrors.get(0).getMessage().contains("127.0.0.1"), serverErrors.get(0).getMessage());
            h.assertClean();
        }
        assertTrue(answer.get().length < 100, "at most an alert came back");
        assertTrue(ticks.get() > 0);
    }

    @Test
    void garbageInsteadOfAServerHello() throws Exception {
        Throwable failure = clientFailureAgainst(plain -> {
            plain.receivePartial(ReceivePattern.bytes(1024), null); // the ClientHello
            plain.send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            plain.receive(ReceivePattern.ALL);
        });
        assertInstanceOf(SSLException.class, failure);
        // what the peer said in clear is quoted: here it is why the handshake failed
        assertTrue(failure.getMessage().contains("the peer sent plain text: 'HTTP/1.1 400 Bad Request'"), failure::getMessage);
    }

    @Test
    void aRefusalInClearOnATlsPortIsQuoted() throws Exception {
        // found against Exim: over its connection limit it answers 421 in clear on its TLS port,
        // and the failure said only "plaintext connection?"
        Throwable failure = clientFailureAgainst(plain -> {
            plain.send("421 Too many concurrent SMTP connections; please try again later.\r\n");
            plain.receive(ReceivePattern.ALL);
        });
        assertInstanceOf(SSLHandshakeException.class, failure);
        assertTrue(failure.getMessage().contains("plain text: '421 Too many concurrent SMTP connections"), failure::getMessage);
        // and handed to protocol clients as it came, so that they can report the refusal as theirs
        assertEquals("421 Too many concurrent SMTP connections; please try again later.",
                assertInstanceOf(PlainTextPeerException.class, failure).peerText());
    }

    @Test
    void peerHangsUpDuringTheHandshake() throws Exception {
        Throwable failure = clientFailureAgainst(plain -> plain.receivePartial(ReceivePattern.bytes(1024), null));
        assertInstanceOf(SSLHandshakeException.class, failure);
    }

    @Test
    void peerSendsHalfARecordAndHangsUp() throws Exception {
        Throwable failure = clientFailureAgainst(plain -> {
            plain.receivePartial(ReceivePattern.bytes(1024), null);
            plain.send(new byte[] {0x16, 0x03, 0x03, 0x10, 0x00, 0x02}); // a handshake record header promising 4 KiB
        });
        assertInstanceOf(SSLHandshakeException.class, failure);
    }

    @Test
    void silentClientIsDisconnectedAtTheServersHandshakeDeadline() throws Exception {
        AtomicBoolean hungUp = new AtomicBoolean();
        try (TlsHarness h = new TlsHarness()) {
            // no socket timeout on the server side: only the parameters' handshake deadline applies
            TlsParameters params = TestPki.server(pki.serverA).handshakeTimeout(Duration.ofMillis(300)).build();
            h.servePlain(Tls.handler(tls -> tls.send("never\n"), params), null);
            int port = h.port();
            h.client("silent", () -> {
                TcpSocket plain = Copas.scheduler().tcp();
                plain.setTimeout(T);
                plain.connect("127.0.0.1", port);
                try {
                    plain.receive(ReceivePattern.ALL); // says nothing, waits for the server to hang up
                } catch (TransferClosedException expected) {
                    // the end, with nothing received
                }
                hungUp.set(true);
                plain.close();
            }).run();
            List<Throwable> server = h.errorsOf("srv:handler");
            assertEquals(1, server.size(), () -> "errors: " + h.errors);
            assertInstanceOf(TransferTimeoutException.class, server.get(0));
            assertTrue(server.get(0).getMessage().contains("handshake"), server.get(0).getMessage());
            h.assertClean();
        }
        assertTrue(hungUp.get(), "the server hung up on the silent client");
    }

    @Test
    void peerThatRequestsKeyUpdatesButNeverReadsFailsInsteadOfGrowingTheQueue() throws Exception {
        TlsParameters client = TestPki.client(pki.rootA.certificate()).build();
        AtomicInteger requests = new AtomicInteger();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> {
                tls.setOption(StandardSocketOptions.SO_SNDBUF, 8192); // the kernel holds little of what we answer
                tls.receive(ReceivePattern.ALL);
            });
            int port = h.port();
            Thread peer = Thread.ofPlatform().name("key-update-flood").start(() -> {
                try (SSLSocket s = (SSLSocket) client.sslContext().getSocketFactory().createSocket()) {
                    s.setReceiveBufferSize(8192);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    s.setEnabledProtocols(new String[] {"TLSv1.3"});
                    s.startHandshake();
                    for (int i = 0; i < 1_000_000; i++) {
                        s.startHandshake(); // TLS 1.3: a KeyUpdate that requests ours; we never read the answers
                        requests.incrementAndGet();
                    }
                } catch (IOException expected) {
                    // the server gave up on us
                }
            });
            h.awaitPeer(peer).run();
            List<Throwable> server = h.errorsOf("srv:handler");
            assertEquals(1, server.size(), () -> "errors: " + h.errors);
            assertInstanceOf(SSLException.class, server.get(0));
            assertTrue(server.get(0).getMessage().contains("does not read"), server.get(0).getMessage());
            h.assertClean();
        }
        assertTrue(requests.get() < 1_000_000, "the flood was stopped by the server: " + requests.get());
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        TlsParameters client = TestPki.client(pki.rootA.certificate()).build();
        AtomicReference<String> echoed = new AtomicReference<>();
        AtomicInteger afterRenegotiation = new AtomicInteger(-2);
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> {
                while (true) {
                    tls.send(tls.receiveLine() + "\n");
                }
            });
            int port = h.port();
            Thread peer = Thread.ofPlatform().name("renegotiating-client").start(() -> {
                try (SSLSocket s = (SSLSocket) client.sslContext().getSocketFactory().createSocket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    s.setSoTimeout((int) T.toMillis());
                    s.setEnabledProtocols(new String[] {"TLSv1.2"});
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    echoed.set(new String(in.readNBytes(6), StandardCharsets.US_ASCII));
                    try {
                        s.startHandshake(); // a ClientHello on the established connection
                        afterRenegotiation.set(in.read());
                    } catch (IOException refused) {
                        afterRenegotiation.set(-1);
                    }
                } catch (IOException e) {
                    echoed.compareAndSet(null, e.toString());
                }
            });
            h.awaitPeer(peer).run();
            List<Throwable> server = h.errorsOf("srv:handler");
            assertEquals(1, server.size(), () -> "errors: " + h.errors);
            assertInstanceOf(SSLException.class, server.get(0));
            assertTrue(server.get(0).getMessage().contains("renegotiation is refused")
                    && server.get(0).getMessage().contains("127.0.0.1"), server.get(0).getMessage());
            h.assertClean();
        }
        assertEquals("hello\n", echoed.get());
        assertEquals(-1, afterRenegotiation.get(), "the connection ended");
    }

    @Test
    void engineRuntimeExceptionFailsTheConnectionAsAnSslException() throws Exception {
        FaultyEngineContext faulty = new FaultyEngineContext(TestPki.client(pki.rootA.certificate()).build().sslContext());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<TlsSocket> socket = new AtomicReference<>();
        AtomicBoolean otherTaskRan = new AtomicBoolean();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).build(), tls -> tls.send(tls.receiveLine() + "\n"));
            int port = h.port();
            h.client("client", () -> {
                TlsSocket tls = Tls.connect("localhost", port, TlsParameters.builder().sslContext(faulty).build(), T);
                socket.set(tls);
                tls.send("hello\n");
                faulty.failUnwrap.set(true);
                failure.set(assertThrows(SSLException.class, tls::receiveLine));
                // the same failure again, as for any failed connection
                assertThrows(TransferClosedException.class, tls::receiveLine);
            });
            h.client("other", () -> {
                Copas.pause(Duration.ofMillis(1));
                otherTaskRan.set(true);
            }).run();
            h.assertClean();
        }
        assertInstanceOf(IllegalStateException.class, failure.get().getCause(), () -> TlsHarness.messages(failure.get()));
        assertTrue(failure.get().getMessage().contains("localhost/127.0.0.1:"), failure.get().getMessage());
        assertTrue(socket.get().isClosed(), "the connection is closed");
        assertTrue(socket.get().plainSocket().isClosed(), "its plain socket too");
        assertTrue(otherTaskRan.get());
    }

    /** A TLS client against a plain server running {@code server}: returns the client's failure after checking it. */
    private Throwable clientFailureAgainst(io.copas.core.ConnectionHandler server) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<TlsSocket> socket = new AtomicReference<>();
        int[] port = new int[1];
        try (TlsHarness h = new TlsHarness()) {
            h.servePlain(server);
            port[0] = h.port();
            h.client("client", () -> {
                TlsSocket tls = Tls.wrap(Copas.scheduler().tcp(), TestPki.client(pki.rootA.certificate()).build());
                socket.set(tls);
                tls.setTimeout(T);
                failure.set(assertThrows(IOException.class, () -> tls.connect("127.0.0.1", port[0])));
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertTrue(socket.get().isClosed(), "the socket is closed");
        assertTrue(failure.get().getMessage().contains("127.0.0.1:" + port[0]), () -> "names the peer: " + failure.get());
        return failure.get();
    }

    @Test
    void connectOutsideATaskSaysWhereItMustBeCalled() {
        // it named the core's own call, Copas.scheduler(), which the caller never made
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tls.connect("127.0.0.1", 1, TlsParameters.builder().build(), null));
        assertTrue(e.getMessage().startsWith("Tls.connect() must be called from a Copas task"), e.getMessage());
    }
}

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
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
}

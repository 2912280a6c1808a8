package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.ReceiveLimitException;
import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS sockets receive through the same shared code as plain ones: the same limit, the same linear cost. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsReceiveLimitTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final int MIB = 1 << 20;
    private final TestPki pki = TestPki.get();

    private TlsParameters server() {
        return TestPki.server(pki.serverA).build();
    }

    private TlsSocket connect(int port) throws java.io.IOException {
        return Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T);
    }

    private static byte[] filled(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    @Test
    void lineLongerThanTheLimitFailsWithTheDataSoFarAndTheConnectionGoesOn() throws Exception {
        int sent = 3 * MIB;
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send(filled(sent));
                assertEquals("done", tls.receiveLine());
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    assertEquals(TcpSocket.DEFAULT_RECEIVE_LIMIT, tls.receiveLimit());
                    ReceiveLimitException e = assertThrows(ReceiveLimitException.class, tls::receiveLine);
                    int got = e.partialData().length;
                    assertTrue(got > MIB && got < 2 * MIB, "bounded by the limit and one refill: " + got);
                    assertTrue(e.getMessage().contains(tls.name()), e.getMessage());
                    assertEquals(sent - got, tls.receive(sent - got).length, "nothing was dropped");
                    tls.setReceiveLimit(1000);
                    assertEquals(1000, tls.plainSocket().receiveLimit(), "the layers share one limit");
                    tls.send("done\n");
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void hundredMegabytesWithoutALineEndArriveWhenTheLimitIsRaised() throws Exception {
        int total = 100_000_000;
        AtomicInteger length = new AtomicInteger();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                byte[] piece = filled(64 * 1024);
                for (int left = total; left > 0; left -= piece.length) {
                    tls.send(piece, 0, Math.min(piece.length, left));
                }
                tls.send("\n");
                tls.receiveLine();
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setReceiveLimit(128 * MIB);
                    length.set(tls.receive(ReceivePattern.LINE).length);
                    tls.send("\n");
                }
            }).run();
            h.assertNoErrors();
        }
        // linear: a rescan per refill (a TLS record is 16 KiB) would examine about 300 GB here
        assertEquals(total, length.get());
    }
}

package io.copas.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS sockets get the stream and ByteBuffer views of TcpSocket with the same behaviour as plain ones. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsStreamsTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    private TlsParameters server() {
        return TestPki.server(pki.serverA).build();
    }

    private TlsSocket connect(int port) throws java.io.IOException {
        return Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T);
    }

    @Test
    void javaParsersReadAndWriteThroughTheStreamsUntilCloseNotify() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                DataInputStream in = new DataInputStream(tls.inputStream());
                assertEquals(42, in.readInt());
                assertEquals("ünïcode", in.readUTF());
                tls.send("first line\nsecond line\n");
                // returning closes with close_notify: a clean end of stream
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(tls.outputStream()));
                    out.writeInt(42);
                    out.writeUTF("ünïcode");
                    out.flush();
                    BufferedReader reader = new BufferedReader(new InputStreamReader(tls.inputStream(), UTF_8));
                    assertEquals("first line", reader.readLine());
                    assertEquals("second line", reader.readLine());
                    assertEquals(null, reader.readLine(), "close_notify ends the stream");
                    assertEquals(-1, tls.receivePartial(ByteBuffer.allocate(4)));
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void byteBuffersCrossIntactAndReadTimesOutAsTheSocket() throws Exception {
        byte[] payload = new byte[2 << 20];
        new Random(11).nextBytes(payload);
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                assertEquals("go", tls.receiveLine());
                ByteBuffer direct = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
                assertEquals(payload.length, tls.send(direct));
                assertEquals(0, direct.remaining());
                tls.receiveLine();
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setTimeout(Duration.ofMillis(200));
                    InputStream in = tls.inputStream();
                    assertThrows(TransferTimeoutException.class, in::read);
                    tls.setTimeout(T);
                    tls.send(ByteBuffer.wrap("go\n".getBytes(UTF_8)));
                    ByteBuffer direct = ByteBuffer.allocateDirect(payload.length);
                    while (direct.hasRemaining()) {
                        assertTrue(tls.receivePartial(direct) > 0);
                    }
                    byte[] got = new byte[payload.length];
                    direct.flip().get(got);
                    assertArrayEquals(payload, got);
                    tls.send("\n");
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void hangingUpWithoutCloseNotifyIsAnErrorNotAnEndOfStream() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("cut here");
                tls.plainSocket().close(); // no close_notify
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    InputStream in = tls.inputStream();
                    assertArrayEquals("cut here".getBytes(UTF_8), in.readNBytes(8));
                    TransferClosedException e = assertThrows(TransferClosedException.class, in::read);
                    assertInstanceOf(SSLException.class, e.getCause(), "possible truncation is reported, not hidden as -1");
                }
            }).run();
            h.assertNoErrors();
        }
    }
}

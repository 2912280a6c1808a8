package io.copas.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The InputStream/OutputStream views and the ByteBuffer receive and send: Java parsers read a
 * Copas socket cooperatively (the task waits, the loop goes on), -1 at the end of the stream,
 * timeouts as the socket's timeout exception.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketStreamsTest {

    @Test
    void javaParsersReadAndWriteThroughTheStreams() throws Exception {
        TestSockets.converse(socket -> {
            DataInputStream in = new DataInputStream(socket.inputStream());
            assertEquals(42, in.readInt());
            assertEquals("ünïcode", in.readUTF());
            socket.send("first line\nsecond line\n");
        }, client -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.outputStream()));
            out.writeInt(42);
            out.writeUTF("ünïcode");
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(client.inputStream(), UTF_8));
            assertEquals("first line", reader.readLine());
            assertEquals("second line", reader.readLine());
            assertEquals(null, reader.readLine(), "the end of the stream");
        });
    }

    @Test
    void streamReadsWhatAPatternReceiveLeftThenMinusOneAtTheEnd() throws Exception {
        TestSockets.converse(socket -> socket.send("header\nbody bytes"), client -> {
            assertEquals("header", client.receiveLine());
            InputStream in = client.inputStream();
            assertArrayEquals("body bytes".getBytes(UTF_8), in.readAllBytes());
            assertEquals(-1, in.read());
            assertEquals(-1, client.receivePartial(ByteBuffer.allocate(8)), "the end stays the end");
        });
    }

    @Test
    void readWaitsTheTaskNotTheLoopAndTimesOutAsTheSocket() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        TestSockets.converse(socket -> {
            assertEquals("go", socket.receiveLine());
            socket.send("x");
            assertEquals("again", socket.receiveLine());
            socket.send("y");
            socket.receiveLine();
        }, client -> {
            InputStream in = client.inputStream();
            Copas.scheduler().add("ticker", () -> {
                for (int i = 0; i < 3; i++) {
                    ticks.incrementAndGet();
                    Copas.pause();
                }
                client.send("go\n"); // only once the reader waits
            });
            assertEquals('x', in.read());
            assertEquals(3, ticks.get(), "another task ran while the read waited");
            client.setTimeout(Duration.ofMillis(100));
            TransferTimeoutException e = assertThrows(TransferTimeoutException.class, in::read);
            assertEquals(0, e.partialData().length);
            client.setTimeout(null);
            client.send("again\n");
            assertEquals('y', in.read(), "the stream goes on after a timeout");
            client.send("\n");
        });
    }

    @Test
    void byteBuffersDirectAndHeapCrossIntact() throws Exception {
        byte[] payload = new byte[3 << 20];
        new Random(7).nextBytes(payload);
        TestSockets.converse(socket -> {
            ByteBuffer direct = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
            assertEquals(payload.length, socket.send(direct));
            assertEquals(payload.length, direct.position());
            ByteBuffer heap = ByteBuffer.wrap(payload, 1000, 5000).slice(); // an array offset
            assertEquals(5000, socket.send(heap));
            assertEquals(0, heap.remaining());
        }, client -> {
            ByteBuffer direct = ByteBuffer.allocateDirect(payload.length);
            while (direct.hasRemaining()) {
                assertTrue(client.receivePartial(direct) > 0);
            }
            byte[] got = new byte[payload.length];
            direct.flip().get(got);
            assertArrayEquals(payload, got);
            ByteBuffer heap = ByteBuffer.allocate(6000);
            while (heap.position() < 5000) {
                assertTrue(client.receivePartial(heap) > 0);
            }
            assertEquals(5000, heap.position());
            assertArrayEquals(java.util.Arrays.copyOfRange(payload, 1000, 6000), java.util.Arrays.copyOf(heap.array(), 5000));
            assertEquals(0, client.receivePartial(ByteBuffer.allocate(0)), "no room, nothing to wait for");
            assertThrows(IllegalArgumentException.class, () -> client.receivePartial(ByteBuffer.allocate(4).asReadOnlyBuffer()));
            assertEquals(-1, client.receivePartial(heap));
        });
    }
}

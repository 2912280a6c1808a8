package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming in bounded memory, and IPv6. */
class LargeAndIpv6Test {

    private static final long SIZE = 64L << 20;

    @TempDir
    Path root;

    /** Generates {@code size} bytes chunk by chunk: nothing of it is kept. */
    private static FtpSource generated(long size, CRC32 crc) {
        long[] left = {size};
        return () -> {
            if (left[0] == 0) {
                return null;
            }
            byte[] chunk = new byte[(int) Math.min(FtpSource.CHUNK, left[0])];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) ((left[0] - i) * 31);
            }
            left[0] -= chunk.length;
            crc.update(chunk);
            return chunk;
        };
    }

    @Test
    void sixtyFourMegabytesStreamBothWaysInBoundedChunks() throws Exception {
        // The client holds one chunk at a time: the source makes 64 KiB chunks on demand, the
        // sink only counts. Each chunk handed to the sink is bounded by the socket's receive
        // buffer, so memory does not grow with the file (OneGibibyteTest moves 1 GiB in a 256 MiB heap).
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        AtomicLong count = new AtomicLong();
        AtomicInteger largestChunk = new AtomicInteger();
        try (EmbeddedFtpServer server = EmbeddedFtpServer.start(root)) {
            InTask.run(() -> {
                String url = server.url("me:secret", "big.bin;type=i");
                assertEquals(SIZE, Ftp.put(FtpRequest.builder(url).source(generated(SIZE, sent)).build()));
                Ftp.get(FtpRequest.builder(url).sink(chunk -> {
                    count.addAndGet(chunk.length);
                    largestChunk.accumulateAndGet(chunk.length, Math::max);
                    received.update(chunk);
                }).build());
            });
        }
        assertEquals(SIZE, Files.size(root.resolve("big.bin")));
        assertEquals(SIZE, count.get());
        assertEquals(sent.getValue(), received.getValue());
        assertTrue(largestChunk.get() <= 1 << 20, "largest chunk " + largestChunk.get());
    }

    @Test
    void ipv6LoopbackPassiveAndActive() throws Exception {
        assumeTrue(ipv6Loopback(), "::1 is not usable here");
        try (EmbeddedFtpServer server = EmbeddedFtpServer.start(root, "::1", FtpTlsMode.NONE)) {
            byte[] data = "over IPv6".getBytes(StandardCharsets.US_ASCII);
            String url = "ftp://[::1]:" + server.port + "/six.txt;type=i";
            InTask.run(() -> {
                Ftp.put(url, data);
                assertArrayEquals(data, Ftp.get(url));
                ByteArrayOutputStream active = new ByteArrayOutputStream();
                Ftp.get(FtpRequest.builder(url).passive(false).sink(active::writeBytes).build());
                assertArrayEquals(data, active.toByteArray());
            });
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

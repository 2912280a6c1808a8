package io.copas.http;

import static io.copas.http.RawServer.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 1 GiB body streams through a sink in bounded memory: the surefire JVM has a 256 MiB heap, so a
 * client holding the body would fail with OutOfMemoryError.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BigDownloadTest {

    private static final long SIZE = 1L << 30;

    @Test
    void oneGibibyteStreamsInBoundedMemory() throws Exception {
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (RawServer server = new RawServer((s, in, out, i) -> {
            RawServer.readHead(in);
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + SIZE + "\r\n\r\n"));
            for (long sent = 0; sent < SIZE; sent += block.length) {
                out.write(block);
            }
            out.flush();
        })) {
            AtomicLong count = new AtomicLong();
            AtomicLong checksum = new AtomicLong();
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/big")).sink((d, o, n) -> {
                long position = count.get();
                checksum.addAndGet(d[o] - (byte) position); // each chunk starts where the pattern says
                count.addAndGet(n);
            }).build()));
            assertEquals(200, r.statusCode());
            assertEquals(SIZE, count.get());
            assertEquals(0, checksum.get(), "every chunk is in order");
            assertEquals(0, r.body().length);
        }
    }
}

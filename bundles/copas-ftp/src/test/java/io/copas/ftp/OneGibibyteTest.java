package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB file downloads in bounded memory: this suite's default-engine run has a 256 MiB heap
 * (see the module's pom), so a client that held the file would fail with OutOfMemoryError. Run
 * under the default engine only: moving a gigabyte three times would only add time.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OneGibibyteTest {

    private static final long SIZE = 1L << 30;

    @TempDir
    Path root;

    @Test
    void oneGibibyteDownloadsThroughASinkInBoundedMemory() throws Exception {
        assumeTrue("default".equals(System.getProperty("io.copas.engine")), "moved once, under the default engine");
        assertTrue(Runtime.getRuntime().maxMemory() < SIZE / 2, "the heap must be too small to hold the file");
        try (RandomAccessFile file = new RandomAccessFile(root.resolve("huge.bin").toFile(), "rw")) {
            file.setLength(SIZE); // sparse: no gigabyte written to disk
        }
        AtomicLong received = new AtomicLong();
        try (EmbeddedFtpServer server = EmbeddedFtpServer.start(root)) {
            InTask.run(() -> Ftp.get(FtpRequest.builder(server.url("me:secret", "huge.bin;type=i"))
                    .sink(chunk -> received.addAndGet(chunk.length))
                    .build()));
        }
        assertEquals(SIZE, received.get());
    }
}

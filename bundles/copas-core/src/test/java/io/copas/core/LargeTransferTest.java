package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 50 MB go through a Copas connection intact, as bytes and as lines (upstream largetransfer.lua). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LargeTransferTest {

    private static final long TOTAL = 50L * 1024 * 1024;

    @Test
    void fiftyMegabytesOfBytesArriveIntact() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong sentCrc = new AtomicLong();
            AtomicLong receivedCrc = new AtomicLong();
            AtomicLong receivedBytes = new AtomicLong();
            Server server = scheduler.addServer(channel, socket -> {
                Random random = new Random(42);
                CRC32 crc = new CRC32();
                byte[] block = new byte[1 << 20];
                for (long sent = 0; sent < TOTAL; sent += block.length) {
                    random.nextBytes(block);
                    crc.update(block);
                    socket.send(block);
                }
                sentCrc.set(crc.getValue());
            });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                CRC32 crc = new CRC32();
                long total = 0;
                int[] sizes = {1, 7, 100, 4096, 65536, 300_000};
                int i = 0;
                while (total < TOTAL) {
                    int want = (int) Math.min(sizes[i++ % sizes.length], TOTAL - total);
                    byte[] part = i % 2 == 0 ? client.receive(want)
                            : client.receivePartial(ReceivePattern.bytes(want), null);
                    crc.update(part);
                    total += part.length;
                }
                // then the server's handler ends and autoclose ends the stream
                byte[] rest = client.receivePartial(ReceivePattern.ALL, null);
                total += rest.length;
                receivedBytes.set(total);
                receivedCrc.set(crc.getValue());
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(TOTAL, receivedBytes.get());
            assertEquals(sentCrc.get(), receivedCrc.get(), "checksum of the received bytes");
            assertClean(scheduler);
        }
    }

    @Test
    void fiftyMegabytesOfLinesArriveIntact() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicLong sentCrc = new AtomicLong();
            AtomicLong sentLines = new AtomicLong();
            AtomicLong receivedCrc = new AtomicLong();
            AtomicLong receivedLines = new AtomicLong();
            Server server = scheduler.addServer(channel, socket -> {
                Random random = new Random(7);
                CRC32 crc = new CRC32();
                StringBuilder batch = new StringBuilder();
                long bytes = 0;
                long lines = 0;
                while (bytes < TOTAL) {
                    int length = random.nextInt(2000);
                    StringBuilder line = new StringBuilder(length);
                    for (int c = 0; c < length; c++) {
                        line.append((char) ('a' + random.nextInt(26)));
                    }
                    String text = line.toString();
                    crc.update(text.getBytes(UTF_8));
                    batch.append(text).append(lines % 3 == 0 ? "\r\n" : "\n");
                    bytes += length + 1;
                    lines++;
                    if (batch.length() > 256 * 1024) {
                        socket.send(batch.toString());
                        batch.setLength(0);
                    }
                }
                socket.send(batch.toString());
                sentLines.set(lines);
                sentCrc.set(crc.getValue());
            });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                CRC32 crc = new CRC32();
                long lines = 0;
                try {
                    while (true) {
                        crc.update(client.receiveLine().getBytes(UTF_8));
                        lines++;
                    }
                } catch (TransferClosedException end) {
                    assertEquals(0, end.partialData().length, "the stream ended after a full line");
                }
                receivedLines.set(lines);
                receivedCrc.set(crc.getValue());
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(sentLines.get(), receivedLines.get());
            assertEquals(sentCrc.get(), receivedCrc.get(), "checksum of the received lines");
            assertClean(scheduler);
        }
    }
}

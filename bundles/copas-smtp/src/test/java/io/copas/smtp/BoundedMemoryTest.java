package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 100 MB messages go out in bounded memory: the test JVM has a heap of 128 MB (see the pom), so
 * a sender that held the message, or an encoder that buffered it, would fail with an
 * OutOfMemoryError. A raw sink counts what arrives.
 */
class BoundedMemoryTest {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private static long sendToSink(SmtpRequest.Builder request) throws Exception {
        long[] count = new long[1];
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            count[0] = p.countData();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            SmtpHarness.send(request.server("127.0.0.1").port(server.port()).from("ana@example.org").recipient("bob@example.org")
                    .tlsPolicy(TlsPolicy.OFF).timeout(Duration.ofSeconds(30)).build()).ok();
            server.awaitScript();
        }
        return count[0];
    }

    @Test
    void hundredMegabyteSourceIsStreamed() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() < 200L * 1024 * 1024, "the heap is small enough to prove something");
        GeneratedSource source = new GeneratedSource(HUNDRED_MB);
        assertEquals(source.expectedDataBytes(), sendToSink(SmtpRequest.builder().message(source)));
    }

    @Test
    void hundredMegabyteStreamAttachmentIsEncodedWhileSent() throws Exception {
        MimeMessage message = MimeMessage.builder().from("ana@example.org").subject("big")
                .body(MimePart.multipart("mixed").part(MimePart.text("attached"))
                        .part(MimePart.stream(new ZeroStream(HUNDRED_MB), "zeros.bin", "application/octet-stream")).build())
                .build();
        long base64 = (HUNDRED_MB + 2) / 3 * 4;
        long lines = (HUNDRED_MB + 56) / 57;
        long count = sendToSink(SmtpRequest.builder().message(message));
        assertTrue(count > base64 + lines * 2, "the whole attachment arrived: " + count);
        assertTrue(count < base64 + lines * 2 + 2048, "and little more: " + count);
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}

package io.copas.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message of a given size made on the fly from one reused chunk (header, then lines of
 * letters ending in CRLF): nothing of it is kept, so it proves that the sender streams.
 */
final class GeneratedSource implements MessageSource {

    static final int CHUNK = 64 * 1024;
    private static final byte[] HEADER = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final long size;
    private final byte[] chunk = new byte[CHUNK];
    private long produced;
    private boolean headerSent;

    GeneratedSource(long size) {
        this.size = size;
        for (int i = 0; i < CHUNK; i++) {
            chunk[i] = (byte) (i % 78 == 76 ? '\r' : i % 78 == 77 ? '\n' : 'a' + i % 26);
        }
    }

    /** What the server receives: the message, a final CRLF if needed, and the dot line. */
    long expectedDataBytes() {
        long body = size - HEADER.length;
        long lastIndexInChunk = (body - 1) % CHUNK;
        boolean endsWithLf = lastIndexInChunk % 78 == 77;
        return size + (endsWithLf ? 0 : 2) + 3;
    }

    @Override
    public byte[] next() {
        if (!headerSent) {
            headerSent = true;
            produced = HEADER.length;
            return HEADER;
        }
        long left = size - produced;
        if (left <= 0) {
            return null;
        }
        produced += Math.min(left, CHUNK);
        return left >= CHUNK ? chunk : Arrays.copyOf(chunk, (int) left);
    }
}

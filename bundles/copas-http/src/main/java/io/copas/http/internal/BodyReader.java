package io.copas.http.internal;

import io.copas.core.TransferClosedException;
import io.copas.http.HttpHeaders;
import io.copas.http.HttpProtocolException;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads a response body by its {@link Framing} and hands it on chunk by chunk, so memory stays
 * bounded whatever the size. Chunk-size lines and trailers are read strictly, within limits.
 */
final class BodyReader {

    /** Longest chunk-size line (size and extensions). */
    static final int MAX_CHUNK_LINE = 1024;
    /** Most significant hex digits of a chunk size (below 2^60). */
    private static final int MAX_CHUNK_DIGITS = 15;

    private BodyReader() {
    }

    /**
     * Reads the body into {@code out}.
     *
     * @param receive the receive timeout, which also bounds each chunk-size line and the trailers
     * @return the trailers (empty unless chunked with trailers)
     */
    static HttpHeaders read(Wire wire, Framing framing, Duration receive, Wire.Chunk out) throws IOException {
        switch (framing.kind()) {
            case NONE -> {
                return HttpHeaders.empty();
            }
            case LENGTH -> {
                exactly(wire, framing.length(), out, "body of " + framing.length() + " bytes (Content-Length)");
                return HttpHeaders.empty();
            }
            case CHUNKED -> {
                return chunked(wire, receive, out);
            }
            default -> {
                untilClose(wire, out);
                return HttpHeaders.empty();
            }
        }
    }

    private static void exactly(Wire wire, long length, Wire.Chunk out, String what) throws IOException {
        long left = length;
        while (left > 0) {
            int n;
            try {
                n = wire.transfer(left, out);
            } catch (TransferClosedException e) {
                throw truncated(what, length - left, e);
            }
            if (n < 0) {
                throw truncated(what, length - left, null);
            }
            left -= n;
        }
    }

    private static HttpProtocolException truncated(String what, long got, Throwable cause) {
        return new HttpProtocolException("response truncated: connection closed after " + got + " bytes of the " + what, cause);
    }

    private static void untilClose(Wire wire, Wire.Chunk out) throws IOException {
        while (wire.transfer(Long.MAX_VALUE, out) >= 0) {
            // every chunk went to out
        }
    }

    private static HttpHeaders chunked(Wire wire, Duration receive, Wire.Chunk out) throws IOException {
        while (true) {
            long size;
            wire.deadline(receive);
            try {
                size = chunkSize(wire.readLine(MAX_CHUNK_LINE, "chunk size line"));
                if (size == 0) {
                    return HeadReader.readFields(wire, "trailer");
                }
            } finally {
                wire.clearDeadline();
            }
            exactly(wire, size, out, "chunk of " + size + " bytes");
            wire.deadline(receive);
            try {
                String end = wire.readLine(MAX_CHUNK_LINE, "line ending a chunk");
                if (!end.isEmpty()) {
                    throw new HttpProtocolException("chunk data longer than its size " + size + " (no CRLF after it)");
                }
            } finally {
                wire.clearDeadline();
            }
        }
    }

    /** Parses {@code 1*HEXDIG [ BWS ";" ext ]}. */
    static long chunkSize(String line) throws HttpProtocolException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end));
        int to = hex.length();
        while (to > 0 && (hex.charAt(to - 1) == ' ' || hex.charAt(to - 1) == '\t')) {
            to--;
        }
        if (to == 0) {
            throw new HttpProtocolException("invalid chunk size line (no size): " + Syntax.quote(line));
        }
        int from = 0;
        while (from < to - 1 && hex.charAt(from) == '0') {
            from++;
        }
        if (to - from > MAX_CHUNK_DIGITS) {
            throw new HttpProtocolException("chunk size too large: " + Syntax.quote(line));
        }
        long size = 0;
        for (int i = 0; i < to; i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw new HttpProtocolException("invalid chunk size (hex digits only, no sign): " + Syntax.quote(line));
            }
            size = size * 16 + d;
        }
        return size;
    }
}

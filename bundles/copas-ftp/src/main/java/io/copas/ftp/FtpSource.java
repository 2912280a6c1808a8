package io.copas.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the bytes of an upload come from (LuaSocket's ltn12 source): pulled one chunk at a time,
 * so a file of any size moves in bounded memory.
 */
@FunctionalInterface
public interface FtpSource {

    /** The largest chunk the ready-made sources hand out. */
    int CHUNK = 64 * 1024;

    /**
     * The next chunk.
     *
     * @return the bytes (possibly empty), or {@code null} at the end
     * @throws IOException if reading fails; the upload is then abandoned
     */
    byte[] pull() throws IOException;

    /**
     * A source of {@code content}, in chunks of at most {@link #CHUNK} bytes.
     *
     * @param content the bytes (not copied: do not change them during the upload)
     * @return the source
     */
    static FtpSource of(byte[] content) {
        Objects.requireNonNull(content, "content");
        int[] next = {0};
        return () -> {
            if (next[0] >= content.length) {
                return null;
            }
            int from = next[0];
            next[0] = Math.min(content.length, from + CHUNK);
            return Arrays.copyOfRange(content, from, next[0]);
        };
    }

    /**
     * A source of {@code text} encoded as UTF-8.
     *
     * @param text the text
     * @return the source
     */
    static FtpSource of(String text) {
        return of(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A source that reads {@code in} until its end and then closes it. Reading an
     * {@code InputStream} blocks the scheduler while it waits (as file I/O in a Copas task);
     * for a socket or a pipe, write an {@link FtpSource} over a Copas socket instead.
     *
     * @param in the stream
     * @return the source
     */
    static FtpSource of(InputStream in) {
        Objects.requireNonNull(in, "in");
        return () -> {
            byte[] chunk = in.readNBytes(CHUNK);
            if (chunk.length == 0) {
                in.close();
                return null;
            }
            return chunk;
        };
    }
}

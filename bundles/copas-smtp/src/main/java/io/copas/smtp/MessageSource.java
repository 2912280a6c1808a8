package io.copas.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A message pulled chunk by chunk, as LuaSocket's ltn12 sources: the sender asks for the next
 * chunk until it gets {@code null}. Line ends may be LF, CR or CRLF; they are sent as CRLF.
 *
 * <p>A source is read once; the sender closes it when the send ends, also when it fails. Reading a file or a JDK stream blocks the task's scheduler while the
 * read lasts, as any blocking JDK call does in a Copas task.
 */
@ConsumerType
@FunctionalInterface
public interface MessageSource extends AutoCloseable {

    /** Chunk size of the sources made here. */
    int CHUNK_SIZE = 16 * 1024;

    /**
     * The next chunk of the message.
     *
     * @return the chunk (may be empty), or {@code null} at the end of the message
     * @throws IOException if the message cannot be read; the send fails with it
     */
    byte[] next() throws IOException;

    /**
     * Releases what the source holds (an open file, a stream); does nothing by default.
     *
     * @throws IOException if releasing fails
     */
    @Override
    default void close() throws IOException {
    }

    /**
     * A source of the given bytes, sent as they are.
     *
     * @param message the whole message, headers included
     * @return a source that yields {@code message} once
     */
    static MessageSource of(byte[] message) {
        Objects.requireNonNull(message, "message");
        return new MessageSource() {
            private boolean done;

            @Override
            public byte[] next() {
                if (done) {
                    return null;
                }
                done = true;
                return message;
            }
        };
    }

    /**
     * A source of the given text, encoded as UTF-8.
     *
     * @param message the whole message, headers included
     * @return a source that yields {@code message} once
     */
    static MessageSource of(String message) {
        return of(Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A source that reads {@code in} in chunks; closing the source closes {@code in}.
     *
     * @param in the message, headers included
     * @return a source over {@code in}
     */
    static MessageSource of(InputStream in) {
        Objects.requireNonNull(in, "in");
        return new MessageSource() {
            @Override
            public byte[] next() throws IOException {
                byte[] chunk = in.readNBytes(CHUNK_SIZE);
                return chunk.length == 0 ? null : chunk;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}

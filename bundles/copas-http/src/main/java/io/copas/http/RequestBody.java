package io.copas.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A request body: bytes, a string, an input stream or a pull function. A body of known length is
 * sent with {@code Content-Length}; one of unknown length is sent chunked, as upstream does.
 * Bytes and strings can be sent again (a retry on a fresh connection); streams and pull
 * functions only once.
 */
public final class RequestBody {

    private static final int STREAM_CHUNK = 16 * 1024;

    private final long length;
    private final boolean replayable;
    private final Supplier<BodySource> opener;
    private boolean opened;

    private RequestBody(long length, boolean replayable, Supplier<BodySource> opener) {
        this.length = length;
        this.replayable = replayable;
        this.opener = opener;
    }

    /**
     * A body of these bytes (copied).
     *
     * @param data the bytes
     * @return the body
     */
    public static RequestBody of(byte[] data) {
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        return new RequestBody(copy.length, true, () -> once(copy));
    }

    /**
     * A body of this text, encoded as UTF-8.
     *
     * @param text the text
     * @return the body
     */
    public static RequestBody of(String text) {
        byte[] bytes = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
        return new RequestBody(bytes.length, true, () -> once(bytes));
    }

    /**
     * A body read from {@code in} until its end, sent chunked. Reading a file or a pipe blocks the
     * scheduler while it waits, as any blocking call in a task does. The stream is closed at the
     * end.
     *
     * @param in the stream
     * @return the body, sendable once
     */
    public static RequestBody of(InputStream in) {
        return of(in, -1);
    }

    /**
     * A body of exactly {@code length} bytes read from {@code in}, sent with that
     * {@code Content-Length}; a stream that ends early fails the request.
     *
     * @param in     the stream
     * @param length the number of bytes, or -1 if unknown (then sent chunked)
     * @return the body, sendable once
     */
    public static RequestBody of(InputStream in, long length) {
        Objects.requireNonNull(in, "in");
        if (length < -1) {
            throw new IllegalArgumentException("length must be >= -1, was " + length);
        }
        return new RequestBody(length, false, () -> () -> {
            byte[] buffer = new byte[STREAM_CHUNK];
            int n = in.read(buffer);
            if (n < 0) {
                in.close();
                return null;
            }
            return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
        });
    }

    /**
     * A body pulled from {@code source} until it returns {@code null}, sent chunked.
     *
     * @param source the pull function
     * @return the body, sendable once
     */
    public static RequestBody of(BodySource source) {
        return of(source, -1);
    }

    /**
     * A body of exactly {@code length} bytes pulled from {@code source}.
     *
     * @param source the pull function
     * @param length the number of bytes, or -1 if unknown (then sent chunked)
     * @return the body, sendable once
     */
    public static RequestBody of(BodySource source, long length) {
        Objects.requireNonNull(source, "source");
        if (length < -1) {
            throw new IllegalArgumentException("length must be >= -1, was " + length);
        }
        return new RequestBody(length, false, () -> source);
    }

    /**
     * The length in bytes, or -1 when unknown (the body is then sent chunked).
     *
     * @return the length
     */
    public long length() {
        return length;
    }

    /**
     * Whether the body can be sent more than once (bytes and strings).
     *
     * @return {@code true} if it can be replayed
     */
    public boolean isReplayable() {
        return replayable;
    }

    /**
     * Opens the body for sending. The client calls it; a body that is not replayable can be
     * opened once.
     *
     * @return the chunks of the body
     * @throws IllegalStateException if a one-shot body was already sent
     */
    public BodySource open() {
        if (opened && !replayable) {
            throw new IllegalStateException("this request body reads a stream and was already sent");
        }
        opened = true;
        return opener.get();
    }

    private static BodySource once(byte[] bytes) {
        byte[][] left = {bytes};
        return () -> {
            byte[] next = left[0];
            left[0] = null;
            return next;
        };
    }

    @Override
    public String toString() {
        return "RequestBody[length=" + length + (replayable ? "" : ", one-shot") + "]";
    }
}

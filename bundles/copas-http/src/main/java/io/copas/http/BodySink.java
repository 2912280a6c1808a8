package io.copas.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a response body chunk by chunk as it arrives (an LTN12 sink), so a body of any size
 * runs in bounded memory. The array is reused after the call returns: copy what you keep.
 */
@ConsumerType
@FunctionalInterface
public interface BodySink {

    /**
     * Takes the next chunk of the body.
     *
     * @param data   a buffer holding the chunk
     * @param offset where the chunk starts
     * @param length how many bytes, at least 1
     * @throws IOException to abort the request (the connection is then closed)
     */
    void accept(byte[] data, int offset, int length) throws IOException;

    /**
     * A sink writing to {@code out}; the stream is not closed. Writing to a file or a pipe blocks
     * the scheduler for as long as the write takes, as any blocking call in a task does.
     *
     * @param out the stream
     * @return the sink
     */
    static BodySink to(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return out::write;
    }

    /**
     * A sink that drops the body (LTN12's {@code sink.null}).
     *
     * @return the sink
     */
    static BodySink discard() {
        return (data, offset, length) -> { };
    }
}

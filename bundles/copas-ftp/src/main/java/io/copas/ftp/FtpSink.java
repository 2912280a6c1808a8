package io.copas.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Where the bytes of a download go (LuaSocket's ltn12 sink): each chunk as it arrives, so a
 * file of any size moves in bounded memory.
 */
@FunctionalInterface
public interface FtpSink {

    /**
     * Takes the next chunk.
     *
     * @param chunk the bytes, owned by the sink from now on; never empty
     * @throws IOException if storing fails; the download is then abandoned
     */
    void accept(byte[] chunk) throws IOException;

    /**
     * A sink that writes to {@code out}; the stream is neither flushed nor closed (the caller
     * owns it). Writing blocks the scheduler as file I/O in a Copas task does.
     *
     * @param out the stream
     * @return the sink
     */
    static FtpSink of(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return out::write;
    }
}

package io.copas.http;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Pulls a request body chunk by chunk (an LTN12 source): the client calls {@link #next()} until
 * it returns {@code null}.
 */
@ConsumerType
@FunctionalInterface
public interface BodySource {

    /**
     * The next chunk of the body.
     *
     * @return the chunk (may be empty), or {@code null} at the end
     * @throws IOException to abort the request (the connection is then closed)
     */
    byte[] next() throws IOException;
}

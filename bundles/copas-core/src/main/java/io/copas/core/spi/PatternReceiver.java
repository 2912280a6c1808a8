package io.copas.core.spi;

import io.copas.core.ReceivePattern;
import java.io.IOException;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * LuaSocket's receive patterns over a {@link ReceiveBuffer} and a way to refill it: the one
 * implementation behind plain and layered Copas sockets, so they give the same results and the
 * same failures.
 */
public final class PatternReceiver {

    /** Where the bytes come from. */
    @ConsumerType
    public interface Source {

        /** Some bytes were added to the buffer. */
        int DATA = 0;
        /** The stream ended. */
        int END = 1;
        /** A wait timed out. */
        int TIMEOUT = 2;
        /** The socket was closed. */
        int CLOSED = 3;

        /**
         * Waits until the buffer grows, the stream ends, a wait times out or the socket closes.
         *
         * @return {@link #DATA}, {@link #END}, {@link #TIMEOUT} or {@link #CLOSED}
         * @throws IOException on a failure of its own (a TLS error, say)
         */
        int fill() throws IOException;

        /**
         * Whether an end of stream is clean (for TLS: after a close_notify), so that
         * {@link ReceivePattern#ALL} succeeds.
         *
         * @return {@code true} if clean
         */
        boolean cleanEnd();

        /**
         * The exception for an outcome other than {@link #DATA}.
         *
         * @param outcome     {@link #END}, {@link #TIMEOUT} or {@link #CLOSED}
         * @param partialData what was received, prefix included
         * @return the exception to throw, carrying {@code partialData}
         */
        IOException failure(int outcome, byte[] partialData);

        /** Called before each successful return: where the caller spends its fairness budget. */
        void delivered();
    }

    private PatternReceiver() {
    }

    /**
     * Receives by {@code pattern} from {@code buffer}, refilling it from {@code source}. As
     * LuaSocket: a line drops CR and ends at LF; ALL succeeds at a clean end if it got anything
     * (with {@code partial}, an empty array marks the end); else the end is a failure carrying the
     * partial data.
     *
     * @param buffer  the bytes received and not yet taken
     * @param pattern what to wait for
     * @param prefix  bytes put before the result, or {@code null}
     * @param partial return as soon as any data is there ({@code receivepartial})
     * @param source  where more bytes come from
     * @return the data
     * @throws IOException the source's failure for a timeout, an end or a close
     */
    public static byte[] receive(ReceiveBuffer buffer, ReceivePattern pattern, byte[] prefix, boolean partial,
            Source source) throws IOException {
        Objects.requireNonNull(pattern, "pattern");
        boolean line = pattern.kind() == ReceivePattern.Kind.LINE;
        boolean gotData = false;
        while (true) {
            byte[] done = satisfied(buffer, pattern, prefix);
            if (done != null) {
                source.delivered();
                return done;
            }
            if (partial && buffer.available() > 0) {
                source.delivered();
                int most = pattern.kind() == ReceivePattern.Kind.BYTES ? pattern.count() : buffer.available();
                return buffer.take(Math.min(most, buffer.available()), prefix, line);
            }
            int outcome = source.fill();
            if (outcome == Source.DATA) {
                gotData = true;
                continue;
            }
            if (outcome == Source.END && source.cleanEnd() && pattern.kind() == ReceivePattern.Kind.ALL
                    && (partial || gotData || buffer.available() > 0)) {
                return buffer.takeAll(prefix, false);
            }
            throw source.failure(outcome, buffer.takeAll(prefix, line));
        }
    }

    /** The result if the buffered data satisfies {@code pattern}, else {@code null}. */
    private static byte[] satisfied(ReceiveBuffer buffer, ReceivePattern pattern, byte[] prefix) {
        switch (pattern.kind()) {
            case LINE -> {
                int lf = buffer.indexOf((byte) '\n');
                if (lf < 0) {
                    return null;
                }
                byte[] line = buffer.take(lf, prefix, true);
                buffer.skip(1);
                return line;
            }
            case BYTES -> {
                return buffer.available() >= pattern.count() ? buffer.take(pattern.count(), prefix, false) : null;
            }
            default -> {
                return null;
            }
        }
    }
}

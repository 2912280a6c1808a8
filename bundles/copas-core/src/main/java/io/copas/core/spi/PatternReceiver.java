package io.copas.core.spi;

import io.copas.core.ReceiveLimitException;
import io.copas.core.ReceivePattern;
import java.io.IOException;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * LuaSocket's receive patterns over a {@link ReceiveBuffer} and a way to refill it: the one
 * implementation behind plain and layered Copas sockets, so they give the same results, the same
 * failures and the same costs.
 *
 * <p>Costs: a receive examines each byte at most once while it waits for a line end (the search
 * resumes where the previous refill left it), so a peer that sends N bytes costs O(N). Memory: a
 * receive whose length the peer decides ({@link ReceivePattern#LINE}, {@link ReceivePattern#ALL})
 * fails with a {@link ReceiveLimitException} once more than its limit is buffered, so it holds at
 * most the limit plus one refill. A byte count is the caller's own bound and is not limited.
 */
public final class PatternReceiver {

    /** Where the bytes come from. */
    @ConsumerType
    public interface Source {

        /**
         * Waits until the buffer grows, the stream ends, a wait times out or the socket closes.
         *
         * @return what happened
         * @throws IOException on a failure of its own (a TLS error, say)
         */
        FillOutcome fill() throws IOException;

        /**
         * Whether an end of stream is clean (for TLS: after a close_notify), so that
         * {@link ReceivePattern#ALL} succeeds.
         *
         * @return {@code true} if clean
         */
        boolean cleanEnd();

        /**
         * The exception for an outcome other than {@link FillOutcome#DATA}.
         *
         * @param outcome     {@link FillOutcome#END}, {@link FillOutcome#TIMEOUT} or {@link FillOutcome#CLOSED}
         * @param partialData what was received, prefix included
         * @return the exception to throw, carrying {@code partialData}
         */
        IOException failure(FillOutcome outcome, byte[] partialData);

        /**
         * The exception for a receive that buffered more than its limit; override it to name the
         * socket.
         *
         * @param pattern     the pattern being received
         * @param limit       the limit, in bytes
         * @param partialData what was received, prefix included
         * @return the exception to throw
         */
        default ReceiveLimitException limitExceeded(ReceivePattern pattern, int limit, byte[] partialData) {
            return new ReceiveLimitException(limitMessage("a socket", pattern, limit), partialData, limit);
        }

        /** Called before each successful return: where the caller spends its fairness budget. */
        void delivered();
    }

    private PatternReceiver() {
    }

    /**
     * The message of a {@link ReceiveLimitException}, worded the same for every socket.
     *
     * @param socket  the socket, as the message should name it
     * @param pattern the pattern being received
     * @param limit   the limit, in bytes
     * @return the message
     */
    public static String limitMessage(String socket, ReceivePattern pattern, int limit) {
        return "receive of " + pattern + " on " + socket + " buffered more than its limit of " + limit
                + " bytes without completing";
    }

    /**
     * Receives by {@code pattern} from {@code buffer}, refilling it from {@code source}. As
     * LuaSocket: a line drops CR and ends at LF; ALL succeeds at a clean end if it got anything
     * (with {@code partial}, an empty array marks the end); else the end is a failure carrying the
     * partial data.
     *
     * @param buffer  the bytes received and not yet taken
     * @param pattern what to wait for
     * @param prefix  bytes put before the result, or {@code null}; a byte count includes them, as in
     *                LuaSocket (a prefix as long as the count or longer comes back alone, nothing read)
     * @param partial return as soon as any data is there ({@code receivepartial})
     * @param limit   the most a LINE or ALL receive buffers while it waits, in bytes, at least 1
     * @param source  where more bytes come from
     * @return the data
     * @throws ReceiveLimitException if more than {@code limit} bytes are buffered and the pattern is
     *                               still not complete
     * @throws IOException           the source's failure for a timeout, an end or a close
     */
    public static byte[] receive(ReceiveBuffer buffer, ReceivePattern pattern, byte[] prefix, boolean partial,
            int limit, Source source) throws IOException {
        Objects.requireNonNull(pattern, "pattern");
        SocketArguments.checkReceiveLimit(limit);
        boolean line = pattern.kind() == ReceivePattern.Kind.LINE;
        boolean limited = pattern.kind() != ReceivePattern.Kind.BYTES;
        // LuaSocket counts the prefix as part of a byte count (buffer.c: "minus what was already
        // partially received"), so that receive(n, partial) resumes a receive that timed out
        int prefixLength = prefix == null ? 0 : prefix.length;
        int count = limited ? 0 : pattern.count() - prefixLength;
        if (!limited && prefixLength > 0 && count <= 0) {
            source.delivered();
            return prefix.clone(); // already complete: LuaSocket reads nothing
        }
        // a partial ALL marks the end with an empty result; with a prefix that would not be empty,
        // so the end is reported as closed, as LuaSocket does (nil, "closed", prefix)
        boolean endMark = partial && prefixLength == 0;
        int scanned = 0; // bytes already searched for LF: never searched again
        boolean gotData = false;
        while (true) {
            if (line) {
                int lf = buffer.indexOf((byte) '\n', scanned);
                if (lf >= 0) {
                    byte[] result = buffer.take(lf, prefix, true);
                    buffer.skip(1);
                    source.delivered();
                    return result;
                }
                scanned = buffer.available();
            } else if (!limited && buffer.available() >= count) {
                source.delivered();
                return buffer.take(count, prefix, false);
            }
            if (partial && buffer.available() > 0) {
                source.delivered();
                int most = limited ? buffer.available() : Math.min(count, buffer.available());
                return buffer.take(most, prefix, line);
            }
            if (limited && buffer.available() > limit) {
                throw source.limitExceeded(pattern, limit, buffer.takeAll(prefix, line));
            }
            FillOutcome outcome = source.fill();
            if (outcome == FillOutcome.DATA) {
                gotData = true;
                continue;
            }
            if (outcome == FillOutcome.END && source.cleanEnd() && pattern.kind() == ReceivePattern.Kind.ALL
                    && (endMark || gotData || buffer.available() > 0)) {
                return buffer.takeAll(prefix, false);
            }
            throw source.failure(outcome, buffer.takeAll(prefix, line));
        }
    }
}

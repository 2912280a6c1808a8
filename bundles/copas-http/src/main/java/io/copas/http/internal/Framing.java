package io.copas.http.internal;

import io.copas.http.HttpHeaders;
import io.copas.http.HttpProtocolException;
import java.util.List;
import java.util.Locale;

/**
 * How a response body is delimited (RFC 9112 section 6.3), decided strictly: Content-Length and
 * Transfer-Encoding together, differing or malformed lengths, and "chunked" anywhere but last are
 * refused.
 *
 * @param kind   the kind of framing
 * @param length the length for {@link Kind#LENGTH}, else -1
 */
record Framing(Kind kind, long length) {

    /** The kinds of body framing. */
    enum Kind {
        /** No body (HEAD, 1xx, 204, 304). */
        NONE,
        /** Exactly {@link Framing#length} bytes. */
        LENGTH,
        /** Chunked transfer coding. */
        CHUNKED,
        /** Until the server closes the connection. */
        CLOSE
    }

    private static final Framing NO_BODY = new Framing(Kind.NONE, -1);
    private static final Framing CHUNKS = new Framing(Kind.CHUNKED, -1);
    private static final Framing UNTIL_CLOSE = new Framing(Kind.CLOSE, -1);

    /**
     * The Transfer-Encoding values less any {@code identity} (no coding, which an old server may
     * still name beside a Content-Length): empty when nothing else is left.
     */
    private static List<String> withoutIdentity(List<String> values) {
        for (String v : values) {
            for (String coding : v.split(",")) {
                if (!coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
                    return values;
                }
            }
        }
        return List.of();
    }

    /** The framing of the response to {@code method} with this head. */
    static Framing of(String method, ResponseHead head) throws HttpProtocolException {
        int code = head.code();
        if (method.equals("HEAD") || code < 200 || code == 204 || code == 304) {
            return NO_BODY;
        }
        HttpHeaders h = head.headers();
        List<String> te = withoutIdentity(h.allValues("Transfer-Encoding"));
        List<String> cl = h.allValues("Content-Length");
        if (!te.isEmpty()) {
            if (!cl.isEmpty()) {
                throw new HttpProtocolException("response has both Content-Length and Transfer-Encoding (request smuggling risk)");
            }
            return transferCoding(te);
        }
        if (!cl.isEmpty()) {
            return new Framing(Kind.LENGTH, contentLength(cl));
        }
        return UNTIL_CLOSE;
    }

    private static Framing transferCoding(List<String> values) throws HttpProtocolException {
        String joined = String.join(",", values);
        String[] codings = joined.split(",", -1);
        for (int i = 0; i < codings.length; i++) {
            String coding = codings[i].trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                throw new HttpProtocolException("empty transfer coding in Transfer-Encoding: " + Syntax.quote(joined));
            }
            if (coding.equals("chunked")) {
                if (i != codings.length - 1) {
                    throw new HttpProtocolException("Transfer-Encoding has 'chunked' before another coding: " + Syntax.quote(joined));
                }
                return CHUNKS;
            }
        }
        return UNTIL_CLOSE; // a coding without chunked last: the body ends with the connection
    }

    private static long contentLength(List<String> values) throws HttpProtocolException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                long n = parseLength(part.trim(), value);
                if (length >= 0 && n != length) {
                    throw new HttpProtocolException("conflicting Content-Length values: " + Syntax.quote(String.join(", ", values)));
                }
                length = n;
            }
        }
        return length;
    }

    private static long parseLength(String digits, String value) throws HttpProtocolException {
        if (digits.isEmpty()) {
            throw new HttpProtocolException("empty Content-Length: " + Syntax.quote(value));
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpProtocolException("invalid Content-Length (digits only, no sign): " + Syntax.quote(value));
            }
            if (n > (Long.MAX_VALUE - 9) / 10) {
                throw new HttpProtocolException("Content-Length too large: " + Syntax.quote(value));
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

package io.copas.http.internal;

import io.copas.http.HttpHeaders;

/**
 * A parsed status line and header block.
 *
 * @param minorVersion the x of HTTP/1.x
 * @param code         the status code
 * @param statusLine   the status line as received
 * @param headers      the header fields
 */
record ResponseHead(int minorVersion, int code, String statusLine, HttpHeaders headers) {

    /** Whether the server lets the connection stay open after this response. */
    boolean keepsAlive() {
        if (minorVersion == 0 && headers.contains("Transfer-Encoding")) {
            return false; // RFC 9112 section 6.1: the framing of such a message is suspect; close after it
        }
        return !saysConnection(headers, "close") && (minorVersion >= 1 || saysConnection(headers, "keep-alive"));
    }

    /**
     * Whether the Connection fields of {@code headers} (a request's or a response's) hold {@code token}.
     *
     * @param headers the fields
     * @param token   a connection option such as {@code close}
     * @return {@code true} if one of them names it
     */
    static boolean saysConnection(HttpHeaders headers, String token) {
        for (String value : headers.allValues("Connection")) {
            for (String t : value.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}

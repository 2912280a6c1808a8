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
        boolean close = false;
        boolean keepAlive = false;
        for (String value : headers.allValues("Connection")) {
            for (String token : value.split(",")) {
                String t = token.trim();
                close |= t.equalsIgnoreCase("close");
                keepAlive |= t.equalsIgnoreCase("keep-alive");
            }
        }
        return !close && (minorVersion >= 1 || keepAlive);
    }
}

package io.copas.http;

/**
 * The server's reply broke HTTP/1.1 or one of the client's limits: not an HTTP status line, a
 * malformed or oversized header, conflicting framing, a bad chunk size, or a body cut short. The
 * message names what was wrong and, when the client's send reports it, the request it answered
 * (method and URL, without credentials); the connection is closed and never reused.
 */
public class HttpProtocolException extends HttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the reply
     */
    public HttpProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong with the reply
     * @param cause   the underlying failure (a close or timeout while reading)
     */
    public HttpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

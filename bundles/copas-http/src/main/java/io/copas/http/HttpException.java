package io.copas.http;

import java.io.IOException;

/**
 * An HTTP request failed for a reason of HTTP itself: a refused redirect, too many redirects or a
 * loop, a proxy that refused the tunnel, or https without the {@code io.copas.tls} module.
 * Socket timeouts and closes keep their own types ({@link io.copas.core.TransferTimeoutException},
 * {@link io.copas.core.TransferClosedException}).
 */
public class HttpException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the URL or host
     */
    public HttpException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public HttpException(String message, Throwable cause) {
        super(message, cause);
    }
}

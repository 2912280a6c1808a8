package io.copas.ftp;

/**
 * The server broke the protocol: a malformed reply code, a line or a multi-line reply longer
 * than the client accepts, an unusable passive address, or plain text injected where TLS was
 * due. The connection is closed; {@link #code()} is 0.
 */
public final class FtpProtocolException extends FtpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the server did wrong
     */
    public FtpProtocolException(String message) {
        super(message);
    }
}

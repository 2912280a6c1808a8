package io.copas.ftp;

import java.io.IOException;

/**
 * The server answered with a reply the request cannot go on with (upstream's
 * {@code nil, "550 ..."}): it carries the reply code and text.
 */
public class FtpException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The server's reply code, 0 for a broken reply. */
    private final int code;
    /** The server's reply text. */
    private final String replyText;

    /**
     * Creates the exception for a reply.
     *
     * @param what  what was asked, for the message (for example {@code "RETR a.txt"})
     * @param reply the server's reply
     */
    public FtpException(String what, FtpReply reply) {
        super(what + " failed: " + reply.code() + " " + reply.text());
        this.code = reply.code();
        this.replyText = reply.text();
    }

    /**
     * Creates the exception for a failure that has no usable reply.
     *
     * @param message what went wrong
     */
    protected FtpException(String message) {
        super(message);
        this.code = 0;
        this.replyText = "";
    }

    /**
     * The reply code.
     *
     * @return the code, or 0 when there was no usable reply
     */
    public int code() {
        return code;
    }

    /**
     * The reply text (lines joined with {@code "\n"}).
     *
     * @return the text, empty when there was no usable reply
     */
    public String replyText() {
        return replyText;
    }
}

package io.copas.smtp;

import java.io.IOException;
import java.util.List;

/**
 * The SMTP server refused a command, or answered something that is not an SMTP reply, or the
 * session cannot go on safely (TLS required but not offered, credentials over clear text).
 * Transport failures are not wrapped: a timeout is a {@link io.copas.core.TransferTimeoutException},
 * a closed connection a {@link io.copas.core.TransferClosedException} (each message begins with
 * the step of the session and the server, such as {@code SMTP DATA with mail.example.org:25}),
 * a TLS failure an {@link javax.net.ssl.SSLException}. A refusal in clear where a TLS handshake
 * was due (a 4xx or 5xx reply on an implicit-TLS port) is the server's answer, and so an
 * {@code SmtpException} with its code.
 */
public class SmtpException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The code of failures that carry no reply from the server. */
    public static final int NO_REPLY = -1;

    /** The command the server refused, or what failed. */
    private final String command;
    /** The server's reply code, or {@link #NO_REPLY}. */
    private final int code;
    /** The server's reply text. */
    private final String replyText;
    private final transient List<RecipientResult> recipients;

    /**
     * Creates the exception for a refused command.
     *
     * @param command   the command the server refused (without arguments that could hold secrets)
     * @param code      the reply code, or {@link #NO_REPLY}
     * @param replyText the reply text, lines joined by LF, or empty
     * @param message   what went wrong, for people
     */
    public SmtpException(String command, int code, String replyText, String message) {
        this(command, code, replyText, message, List.of());
    }

    /**
     * Creates the exception for a message every recipient of which was refused, or whose
     * recipients the server stopped taking (a 421 while they were sent).
     *
     * @param command    the command the server refused
     * @param code       the reply code, or {@link #NO_REPLY}
     * @param replyText  the reply text, or empty
     * @param message    what went wrong, for people
     * @param recipients the per-recipient results
     */
    public SmtpException(String command, int code, String replyText, String message, List<RecipientResult> recipients) {
        super(message);
        this.command = command;
        this.code = code;
        this.replyText = replyText == null ? "" : replyText;
        this.recipients = List.copyOf(recipients);
    }

    /**
     * The command that failed, such as {@code MAIL FROM} or {@code STARTTLS}; {@code connect}
     * for the greeting; {@code message data} when the server answered while the message itself
     * was being sent (and so broke off the transfer).
     *
     * @return the command
     */
    public String command() {
        return command;
    }

    /**
     * The server's reply code. When every recipient was refused, the first permanent refusal's
     * (so {@link #isTransient()} holds only if every refusal was transient), else the last one's;
     * {@link #recipients()} has each.
     *
     * @return the code, or {@link #NO_REPLY} when the failure is not a reply (a malformed one, a refusal to go on)
     */
    public int code() {
        return code;
    }

    /**
     * The server's reply text, lines joined by LF.
     *
     * @return the text, empty when there was none
     */
    public String replyText() {
        return replyText;
    }

    /**
     * Whether trying again later may succeed (a 4xx reply).
     *
     * @return {@code true} for a transient failure
     */
    public boolean isTransient() {
        return code / 100 == 4;
    }

    /**
     * The per-recipient results when every recipient was refused, or those the server answered
     * before it closed the session with a 421 during RCPT (a retry of the same list may fail the
     * same way: a server's error limit counts the refused ones); else empty.
     *
     * @return the results
     */
    public List<RecipientResult> recipients() {
        return recipients == null ? List.of() : recipients;
    }
}

package io.copas.tls;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * A client handshake failed because the server answered in plain text: a server that refuses on
 * its TLS port in clear (Exim's {@code 421 Too many concurrent SMTP connections}, an FTP server's
 * {@code 421 Too many users}), or one that speaks no TLS there at all (an HTTP server's
 * {@code 400 Bad Request}, an SMTP greeting). Protocol clients read {@link #peerText()} to report
 * the server's own refusal; everyone else sees it quoted in the message.
 */
public class PlainTextPeerException extends SSLHandshakeException {

    private static final long serialVersionUID = 1L;

    /** A negative reply in the syntax SMTP and FTP share: a 4xx or 5xx code, a space or hyphen, the text. */
    private static final Pattern REFUSAL = Pattern.compile("([45][0-9][0-9])(?:[ -](.*))?");

    /** The first line the peer sent, printable ASCII. */
    private final String peerText;

    /**
     * Creates the exception for a failed handshake.
     *
     * @param message  what failed, with the peer's text quoted
     * @param peerText the first line the peer sent, without its line end
     */
    public PlainTextPeerException(String message, String peerText) {
        super(message);
        this.peerText = Objects.requireNonNull(peerText, "peerText");
    }

    /**
     * The first line the peer sent, as it came (printable ASCII, cut at 120 characters).
     *
     * @return the line, without its line end
     */
    public String peerText() {
        return peerText;
    }

    /**
     * The code of the peer's line when it reads as a refusal in the reply syntax of SMTP and FTP
     * (RFC 5321 section 4.2, RFC 959 section 4.2): three digits, 4xx or 5xx, then a space or a
     * hyphen and the text.
     *
     * @return the code, or -1 when the line is no such refusal
     */
    public int refusalCode() {
        Matcher refusal = REFUSAL.matcher(peerText);
        return refusal.matches() ? Integer.parseInt(refusal.group(1)) : -1;
    }

    /**
     * The text of the refusal after its code (see {@link #refusalCode()}).
     *
     * @return the text, empty when there is none or the line is no refusal
     */
    public String refusalText() {
        Matcher refusal = REFUSAL.matcher(peerText);
        return refusal.matches() && refusal.group(2) != null ? refusal.group(2) : "";
    }
}

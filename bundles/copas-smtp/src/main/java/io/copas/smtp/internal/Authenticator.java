package io.copas.smtp.internal;

import io.copas.smtp.SmtpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMTP AUTH (RFC 4954) with the mechanisms PLAIN (RFC 4616), LOGIN and CRAM-MD5 (RFC 2195).
 * Over TLS the plain mechanisms come first; in clear text (when allowed) CRAM-MD5 comes first,
 * as it does not reveal the password.
 */
final class Authenticator {

    private static final List<String> OVER_TLS = List.of("PLAIN", "LOGIN", "CRAM-MD5");
    private static final List<String> IN_CLEAR = List.of("CRAM-MD5", "PLAIN", "LOGIN");

    private final Conversation conversation;

    Authenticator(Conversation conversation) {
        this.conversation = conversation;
    }

    /** What the authenticator needs of the session: send a line, read the reply. */
    interface Conversation {
        /**
         * Sends a line and reads the reply.
         *
         * @param line    the line, without CRLF
         * @param command what to call the command in errors (never the secret itself)
         * @return the reply
         * @throws IOException on failure
         */
        Reply exchange(String line, String command) throws IOException;
    }

    /**
     * Picks the mechanism for the offered ones.
     *
     * @param offered the server's mechanisms
     * @param secure  whether the connection is protected by TLS
     * @return the mechanism
     * @throws SmtpException if none is supported
     */
    static String choose(Set<String> offered, boolean secure) throws SmtpException {
        for (String mechanism : secure ? OVER_TLS : IN_CLEAR) {
            if (offered.contains(mechanism)) {
                return mechanism;
            }
        }
        throw new SmtpException("AUTH", SmtpException.NO_REPLY, "",
                offered.isEmpty() ? "the server does not offer AUTH, but credentials were given"
                        : "the server offers no supported AUTH mechanism (PLAIN, LOGIN, CRAM-MD5); it offers " + offered);
    }

    /**
     * Authenticates.
     *
     * @param mechanism one of PLAIN, LOGIN, CRAM-MD5
     * @param user      the user
     * @param password  the password
     * @throws SmtpException if the server refuses
     * @throws IOException   on transport failures
     */
    void authenticate(String mechanism, String user, String password) throws IOException {
        String command = "AUTH " + mechanism;
        Reply reply = switch (mechanism) {
            case "PLAIN" -> conversation.exchange(command + " " + base64("\0" + user + "\0" + password), command);
            case "LOGIN" -> {
                expectChallenge(conversation.exchange(command, command), command);
                expectChallenge(conversation.exchange(base64(user), command + " (user)"), command);
                yield conversation.exchange(base64(password), command + " (password)");
            }
            case "CRAM-MD5" -> {
                Reply challenge = expectChallenge(conversation.exchange(command, command), command);
                byte[] nonce = decode(challenge, command);
                yield conversation.exchange(base64(user + " " + hmacMd5(password, nonce)), command + " (response)");
            }
            default -> throw new IllegalArgumentException("unknown mechanism " + mechanism);
        };
        if (!reply.is(2)) {
            throw Session.refused(command, reply);
        }
    }

    private Reply expectChallenge(Reply reply, String command) throws IOException {
        if (reply.code() != 334) {
            throw Session.refused(command, reply);
        }
        return reply;
    }

    private static byte[] decode(Reply challenge, String command) throws SmtpException {
        try {
            return Base64.getDecoder().decode(challenge.text().strip());
        } catch (IllegalArgumentException e) {
            throw new SmtpException(command, challenge.code(), challenge.text(), "the CRAM-MD5 challenge is not base64");
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacMd5(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available in this JDK", e);
        }
    }
}

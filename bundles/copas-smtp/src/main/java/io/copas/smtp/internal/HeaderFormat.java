package io.copas.smtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Header fields (RFC 5322): name checks, RFC 2047 encoded-words for non-ASCII text, quoting of
 * display names and parameters, and folding of long lines at white space.
 */
public final class HeaderFormat {

    private static final int LINE = 78;
    private static final int MAX_LINE = 998;
    /**
     * Base64 characters per encoded-word: a 52-character word, so that a field name of up to 24
     * characters and its first word fit in a 78-character line (RFC 2047 allows words of 75).
     */
    private static final int WORD_BASE64 = 40;

    private HeaderFormat() {
    }

    /**
     * Checks a field name: printable ASCII without colon.
     *
     * @param name the name
     * @return {@code name}
     * @throws IllegalArgumentException if it is not a valid field name
     */
    public static String checkName(String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("not a header field name: '" + name.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return name;
    }

    /**
     * Checks a field value: no CR or LF, so that no header can be injected.
     *
     * @param name  the field name, for the message
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException if the value holds CR or LF
     */
    public static String checkValue(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + ": value must not contain CR or LF");
        }
        return value;
    }

    /**
     * Whether {@code s} is ASCII.
     *
     * @param s the text
     * @return {@code true} if every character is below 128
     */
    public static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    /**
     * Unstructured text (such as a subject): itself if ASCII, else encoded-words.
     *
     * @param text the text
     * @return the field value
     */
    public static String text(String text) {
        return isAscii(text) ? text : String.join(" ", encodedWords(text));
    }

    /**
     * A display name: itself if it is an atom sequence, quoted if ASCII with specials, else
     * encoded-words.
     *
     * @param name the display name
     * @return the phrase
     */
    public static String phrase(String name) {
        if (!isAscii(name)) {
            return String.join(" ", encodedWords(name));
        }
        return name.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+") ? name : quoted(name);
    }

    /**
     * An address list (RFC 5322 section 3.4) as a header field value: itself if ASCII, else each
     * display name encoded as {@link #phrase} and each address left as it is, since RFC 2047
     * section 5 allows encoded-words in a phrase and never in an address. A display name may be
     * quoted; an address not in angle brackets is taken as an address.
     *
     * @param value the list, such as {@code Jörg <j@example.org>, "Smith, Ann" <ann@example.org>}
     * @return the field value
     */
    public static String addresses(String value) {
        if (isAscii(value)) {
            return value;
        }
        List<String> out = new ArrayList<>();
        for (String mailbox : splitOutsideQuotesAndBrackets(value)) {
            String m = mailbox.strip();
            int open = m.lastIndexOf('<');
            if (open < 0 || !m.endsWith(">")) {
                out.add(m); // a bare address (non-ASCII only as an SMTPUTF8 address)
                continue;
            }
            String name = m.substring(0, open).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            out.add(name.isEmpty() ? m.substring(open) : phrase(name) + " " + m.substring(open));
        }
        return String.join(", ", out);
    }

    /** {@code value} split at the commas that are outside quoted strings, comments and angle brackets. */
    private static List<String> splitOutsideQuotesAndBrackets(String value) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        boolean escaped = false;
        int comment = 0;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                escaped = false;
            } else if ((quoted || comment > 0) && c == '\\') {
                escaped = true;
            } else if (comment == 0 && c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '(') {
                comment++;
            } else if (c == ')' && comment > 0) {
                comment--;
            } else if (comment > 0) {
                continue;
            } else if (c == '<') {
                angle++;
            } else if (c == '>' && angle > 0) {
                angle--;
            } else if (angle == 0 && c == ',') {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /**
     * A quoted-string.
     *
     * @param s ASCII text
     * @return {@code s} in double quotes, with backslash and double quote escaped
     */
    public static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A MIME parameter ({@code ; name="value"}); a non-ASCII value uses RFC 2231
     * ({@code ; name*=UTF-8''percent-encoded}).
     *
     * @param name  the parameter name
     * @param value its value
     * @return the parameter, starting with {@code "; "}
     */
    public static String parameter(String name, String value) {
        if (isAscii(value)) {
            return "; " + name + "=" + quoted(value);
        }
        StringBuilder out = new StringBuilder("; ").append(name).append("*=UTF-8''");
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 128 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * The whole field, folded at white space to lines of about 78 characters, ended by CRLF.
     * A run without white space longer than 998 characters cannot be folded; such a value is
     * encoded as encoded-words, which can.
     *
     * @param name  the field name
     * @param value the value, already encoded
     * @return the field
     */
    public static String field(String name, String value) {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 8).append(name).append(':');
        int lineLength = out.length();
        boolean lineHasText = false;
        for (String piece : value.split("(?= )")) {
            String part = piece.startsWith(" ") ? piece : " " + piece;
            // fold only before visible text: a continuation line of white space alone is obsolete syntax (RFC 5322 4.2)
            if (lineHasText && lineLength + part.length() > LINE && !part.isBlank()) {
                out.append("\r\n");
                lineLength = 0;
            }
            if (lineLength + part.length() > MAX_LINE) {
                return field(name, String.join(" ", encodedWords(value)));
            }
            out.append(part);
            lineLength += part.length();
            lineHasText = true;
        }
        return out.append("\r\n").toString();
    }

    /** RFC 2047 "B" encoded-words of at most 75 characters; no UTF-8 sequence is split. */
    static List<String> encodedWords(String text) {
        List<String> words = new ArrayList<>();
        Base64.Encoder encoder = Base64.getEncoder();
        int maxBytes = WORD_BASE64 / 4 * 3;
        StringBuilder chunk = new StringBuilder();
        int chunkBytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String c = new String(Character.toChars(cp));
            int bytes = c.getBytes(StandardCharsets.UTF_8).length;
            if (chunkBytes + bytes > maxBytes) {
                words.add(word(encoder, chunk));
                chunk.setLength(0);
                chunkBytes = 0;
            }
            chunk.append(c);
            chunkBytes += bytes;
            i += Character.charCount(cp);
        }
        if (chunk.length() > 0 || words.isEmpty()) {
            words.add(word(encoder, chunk));
        }
        return words;
    }

    private static String word(Base64.Encoder encoder, CharSequence chunk) {
        return "=?UTF-8?B?" + encoder.encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}

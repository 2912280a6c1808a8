package io.copas.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Content-Transfer-Encodings (RFC 2045) and the choice between them: 7bit when the content is
 * short-lined ASCII text, quoted-printable when text is mostly ASCII, base64 otherwise.
 */
public enum BodyEncoding {
    /** Sent as it is: ASCII text, lines of at most 998 bytes. */
    SEVEN_BIT("7bit"),
    /** Quoted-printable (RFC 2045, 6.7): readable for mostly-ASCII text. */
    QUOTED_PRINTABLE("quoted-printable"),
    /** Base64 (RFC 2045, 6.8) in lines of 76 characters. */
    BASE64("base64");

    /** Bytes of input per base64 line (76 characters). */
    public static final int BASE64_LINE_INPUT = 57;
    private static final int MAX_LINE = 998;
    private static final int QP_LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final String token;

    BodyEncoding(String token) {
        this.token = token;
    }

    /**
     * The header value, such as {@code quoted-printable}.
     *
     * @return the token
     */
    public String token() {
        return token;
    }

    /**
     * Chooses the encoding for in-memory content.
     *
     * @param content the content; for text, with CRLF line ends
     * @param text    whether the content is text (binary content is always base64)
     * @return the encoding
     */
    public static BodyEncoding choose(byte[] content, boolean text) {
        if (!text) {
            return BASE64;
        }
        int unsafe = 0;
        int line = 0;
        int longest = 0;
        for (byte b : content) {
            if (b == '\n') {
                longest = Math.max(longest, line);
                line = 0;
                continue;
            }
            line++;
            if (b < 0 || b == 0 || (b < ' ' && b != '\t' && b != '\r') || b == 127) {
                unsafe++;
            }
        }
        longest = Math.max(longest, line);
        if (unsafe == 0 && longest <= MAX_LINE) {
            return SEVEN_BIT;
        }
        return unsafe * 3L <= content.length ? QUOTED_PRINTABLE : BASE64;
    }

    /**
     * Encodes in-memory content.
     *
     * @param content the content; for quoted-printable, text with CRLF line ends
     * @return the encoded bytes, ending with CRLF unless empty
     */
    public byte[] encode(byte[] content) {
        return switch (this) {
            case SEVEN_BIT -> content;
            case QUOTED_PRINTABLE -> quotedPrintable(content);
            case BASE64 -> base64Lines(content, 0, content.length, true);
        };
    }

    /**
     * Encodes {@code data[from..to)} as base64 lines of 76 characters, each ended by CRLF.
     *
     * @param data  the bytes
     * @param from  first index
     * @param to    end index; unless {@code last}, {@code to - from} must be a multiple of {@link #BASE64_LINE_INPUT}
     * @param last  whether this is the end of the content (only the last chunk may be padded)
     * @return the lines
     */
    public static byte[] base64Lines(byte[] data, int from, int to, boolean last) {
        if (!last && (to - from) % BASE64_LINE_INPUT != 0) {
            throw new IllegalArgumentException("a base64 chunk must be whole lines unless it is the last");
        }
        Base64.Encoder encoder = Base64.getEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) * 4 / 3 + (to - from) / 19 + 8);
        for (int i = from; i < to; i += BASE64_LINE_INPUT) {
            int end = Math.min(to, i + BASE64_LINE_INPUT);
            out.writeBytes(encoder.encode(java.util.Arrays.copyOfRange(data, i, end)));
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Quoted-printable encoding of text with CRLF line ends: CRLF stays a line break, lines are
     * cut by soft breaks at 76 characters, trailing white space and {@code =} are encoded.
     */
    private static byte[] quotedPrintable(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + text.length / 8 + 16);
        int column = 0;
        for (int i = 0; i < text.length; i++) {
            int b = text[i] & 0xFF;
            if (b == '\r' && i + 1 < text.length && text[i + 1] == '\n') {
                out.write('\r');
                out.write('\n');
                i++;
                column = 0;
                continue;
            }
            boolean lineEndsNext = i + 1 == text.length || text[i + 1] == '\r';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEndsNext);
            int width = literal ? 1 : 3;
            // keep room for the soft break '=' unless this is the last character of the line
            int room = lineEndsNext ? QP_LINE : QP_LINE - 1;
            if (column + width > room) {
                out.write('=');
                out.write('\r');
                out.write('\n');
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xF]);
            }
            column += width;
        }
        // no line end of its own after a last line without one: in a multipart it would become part
        // of the text (the CRLF before a delimiter belongs to the delimiter); DATA adds its own
        return out.toByteArray();
    }
}

package io.copas.smtp;

import io.copas.smtp.internal.BodyEncoding;
import io.copas.smtp.internal.ConcatSource.Opener;
import io.copas.smtp.internal.HeaderFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One body part of a MIME message: text, bytes, a file or stream attachment, or a multipart of
 * further parts (upstream's body string and multipart table). Immutable; the {@code with...}
 * methods return changed copies. The transfer encoding is chosen by content: 7bit for short-lined
 * ASCII text, quoted-printable for mostly-ASCII text, base64 for everything else (files and
 * streams are always base64, encoded while they are read).
 */
public final class MimePart {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern NAME_PARAMETER = Pattern.compile(";\\s*name[*0-9]*\\s*=", Pattern.CASE_INSENSITIVE);

    private final String contentType;
    private final Body body;
    private final String disposition;
    /** The attachment's file name, repeated as Content-Type's name= for mail readers that look only there. */
    private final String fileName;
    private final List<String[]> headers;

    private sealed interface Body permits Bytes, FileBody, StreamBody, Multipart {
    }

    private record Bytes(byte[] content, boolean text) implements Body {
    }

    private record FileBody(Path file) implements Body {
    }

    private record StreamBody(InputStream in, AtomicBoolean used) implements Body {
    }

    private record Multipart(String preamble, List<MimePart> parts, String epilogue, String boundary) implements Body {
    }

    private MimePart(String contentType, Body body, String disposition, String fileName, List<String[]> headers) {
        this.contentType = contentType;
        this.body = body;
        this.disposition = disposition;
        this.fileName = fileName;
        this.headers = List.copyOf(headers);
    }

    /**
     * Plain text, sent as UTF-8 ({@code text/plain; charset=UTF-8}).
     *
     * @param text the text; line ends may be LF, CR or CRLF
     * @return the part
     */
    public static MimePart text(String text) {
        return textPart("plain", text);
    }

    /**
     * HTML, sent as UTF-8 ({@code text/html; charset=UTF-8}).
     *
     * @param html the HTML
     * @return the part
     */
    public static MimePart html(String html) {
        return textPart("html", html);
    }

    private static MimePart textPart(String subtype, String text) {
        Objects.requireNonNull(text, subtype);
        byte[] content = crlf(text.getBytes(StandardCharsets.UTF_8));
        return new MimePart("text/" + subtype + "; charset=UTF-8", new Bytes(content, true), null, null, List.of());
    }

    /**
     * Content held in memory, of the given type; {@code text/*} content is taken as text (its
     * line ends become CRLF).
     *
     * @param content     the bytes
     * @param contentType the Content-Type value, such as {@code application/pdf}
     * @return the part
     */
    public static MimePart bytes(byte[] content, String contentType) {
        Objects.requireNonNull(content, "content");
        String type = checkType(contentType);
        boolean text = type.toLowerCase(Locale.ROOT).startsWith("text/");
        return new MimePart(type, new Bytes(text ? crlf(content) : content.clone(), text), null, null, List.of());
    }

    /**
     * A file attachment of type {@code application/octet-stream}, named after the file.
     *
     * @param file the file; read (a blocking call) while the message is sent
     * @return the part
     */
    public static MimePart file(Path file) {
        return file(file, "application/octet-stream");
    }

    /**
     * A file attachment, named after the file.
     *
     * @param file        the file; read (a blocking call) while the message is sent
     * @param contentType its Content-Type
     * @return the part
     */
    public static MimePart file(Path file, String contentType) {
        Objects.requireNonNull(file, "file");
        String type = checkType(contentType);
        return new MimePart(type, new FileBody(file), null, null, List.of()).asAttachment(file.getFileName().toString());
    }

    /**
     * An attachment read from a stream, which is closed once read. The stream can be sent only
     * once: a message holding it yields one source.
     *
     * @param in          the content
     * @param fileName    the attachment's file name
     * @param contentType its Content-Type
     * @return the part
     */
    public static MimePart stream(InputStream in, String fileName, String contentType) {
        Objects.requireNonNull(in, "in");
        String type = checkType(contentType);
        return new MimePart(type, new StreamBody(in, new AtomicBoolean()), null, null, List.of()).asAttachment(fileName);
    }

    /**
     * Starts a multipart body ({@code multipart/<subtype>}).
     *
     * @param subtype {@code mixed}, {@code alternative}, {@code related}, ...
     * @return the builder
     */
    public static MultipartBuilder multipart(String subtype) {
        return new MultipartBuilder(subtype);
    }

    /**
     * A copy with an additional header field, such as {@code Content-ID}; a non-ASCII value is
     * written as encoded-words.
     *
     * @param name  the field name; not Content-Type or Content-Transfer-Encoding, which the part sets
     * @param value the value, without CR or LF
     * @return the new part
     * @throws IllegalArgumentException if the name is invalid or managed, or the value holds CR or LF
     */
    public MimePart withHeader(String name, String value) {
        HeaderFormat.checkName(Objects.requireNonNull(name, "name"));
        HeaderFormat.checkValue(name, Objects.requireNonNull(value, "value"));
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("content-type") || lower.equals("content-transfer-encoding") || lower.equals("content-disposition")) {
            throw new IllegalArgumentException(name + " is set by the part itself");
        }
        List<String[]> more = new ArrayList<>(headers);
        more.add(new String[] {name, HeaderFormat.text(value)});
        return new MimePart(contentType, body, disposition, fileName, more);
    }

    /**
     * A copy marked as an attachment with the given file name ({@code Content-Disposition:
     * attachment; filename=...}); a non-ASCII name is encoded as RFC 2231 says. A part that is
     * not multipart also names the file in its Content-Type ({@code name=}, a non-ASCII name as
     * RFC 2047 encoded-words), unless its type already does: older mail readers look only there.
     *
     * @param fileName the file name the recipient sees
     * @return the new part
     */
    public MimePart asAttachment(String fileName) {
        HeaderFormat.checkValue("filename", Objects.requireNonNull(fileName, "fileName"));
        return new MimePart(contentType, body, "attachment" + HeaderFormat.parameter("filename", fileName), fileName, headers);
    }

    /**
     * A copy shown inline ({@code Content-Disposition: inline}).
     *
     * @return the new part
     */
    public MimePart asInline() {
        return new MimePart(contentType, body, "inline", null, headers);
    }

    /**
     * Adds this part's openers: {@code leadingHeaders} and the part's own header fields, the
     * blank line, then the body.
     */
    void addTo(List<Opener> out, String leadingHeaders) {
        StringBuilder head = new StringBuilder(leadingHeaders);
        switch (body) {
            case Bytes bytes -> {
                BodyEncoding encoding = BodyEncoding.choose(bytes.content(), bytes.text());
                appendHeaders(head, leafType(), encoding);
                out.add(() -> MessageSource.of(ascii(head)));
                out.add(() -> MessageSource.of(encoding.encode(bytes.content())));
            }
            case FileBody file -> {
                appendHeaders(head, leafType(), BodyEncoding.BASE64);
                out.add(() -> MessageSource.of(ascii(head)));
                out.add(() -> base64(Files.newInputStream(file.file())));
            }
            case StreamBody stream -> {
                if (stream.used().getAndSet(true)) {
                    throw new IllegalStateException("a stream attachment can be sent once only");
                }
                appendHeaders(head, leafType(), BodyEncoding.BASE64);
                out.add(() -> MessageSource.of(ascii(head)));
                out.add(() -> base64(stream.in()));
            }
            case Multipart multipart -> addMultipart(out, head, multipart);
        }
    }

    private void addMultipart(List<Opener> out, StringBuilder head, Multipart multipart) {
        String delimiter = "--" + multipart.boundary();
        appendHeaders(head, contentType + "; boundary=" + HeaderFormat.quoted(multipart.boundary()), null);
        if (multipart.preamble() != null) {
            head.append(multipart.preamble()).append("\r\n");
        }
        String opening = head.toString();
        for (int i = 0; i < multipart.parts().size(); i++) {
            String start = (i == 0 ? opening : "\r\n") + delimiter + "\r\n";
            multipart.parts().get(i).addTo(out, start);
        }
        String close = "\r\n" + delimiter + "--\r\n" + (multipart.epilogue() == null ? "" : multipart.epilogue() + "\r\n");
        out.add(() -> MessageSource.of(ascii(close)));
    }

    /** The Content-Type of a part that is not multipart: with the attachment's name= unless the type has one. */
    private String leafType() {
        if (fileName == null || NAME_PARAMETER.matcher(contentType).find()) {
            return contentType;
        }
        // a non-ASCII name as encoded-words in a quoted string, as Thunderbird and Outlook write
        // it: the readers that look only at name= predate RFC 2231, which filename* uses
        return contentType + (HeaderFormat.isAscii(fileName) ? HeaderFormat.parameter("name", fileName)
                : "; name=" + HeaderFormat.quoted(HeaderFormat.text(fileName)));
    }

    private void appendHeaders(StringBuilder head, String type, BodyEncoding encoding) {
        head.append(HeaderFormat.field("Content-Type", type));
        if (encoding != null) {
            head.append("Content-Transfer-Encoding: ").append(encoding.token()).append("\r\n");
        }
        if (disposition != null) {
            head.append(HeaderFormat.field("Content-Disposition", disposition));
        }
        for (String[] header : headers) {
            head.append(HeaderFormat.field(header[0], header[1]));
        }
        head.append("\r\n");
    }

    private static byte[] ascii(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 lines of a stream, read and encoded a chunk at a time; closing closes the stream. */
    private static MessageSource base64(InputStream in) {
        return new MessageSource() {
            private final byte[] buffer = new byte[BodyEncoding.BASE64_LINE_INPUT * 256];

            @Override
            public byte[] next() throws IOException {
                int n = in.readNBytes(buffer, 0, buffer.length);
                return n == 0 ? null : BodyEncoding.base64Lines(buffer, 0, n, n < buffer.length);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** Line ends (CR, LF, CRLF) become CRLF. */
    private static byte[] crlf(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + text.length / 32 + 2);
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
                if (b == '\r' && i + 1 < text.length && text[i + 1] == '\n') {
                    i++;
                }
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String checkType(String contentType) {
        Objects.requireNonNull(contentType, "contentType");
        HeaderFormat.checkValue("Content-Type", contentType);
        if (!contentType.matches("[!-~&&[^/;\"]]+/[!-~&&[^/;\"]]+(;.*)?") || !HeaderFormat.isAscii(contentType)) {
            throw new IllegalArgumentException("not a content type: '" + contentType + "'");
        }
        return contentType;
    }

    private static String crlfText(String s) {
        return new String(crlf(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /**
     * Builds a multipart body: preamble, parts (which may be multiparts themselves), epilogue,
     * as upstream's multipart table.
     */
    public static final class MultipartBuilder {

        private final String subtype;
        private final List<MimePart> parts = new ArrayList<>();
        private String preamble;
        private String epilogue;
        private String boundary;

        private MultipartBuilder(String subtype) {
            Objects.requireNonNull(subtype, "subtype");
            if (!subtype.matches("[A-Za-z0-9!#$&^_.+-]+")) {
                throw new IllegalArgumentException("not a multipart subtype: '" + subtype.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            this.subtype = subtype.toLowerCase(Locale.ROOT);
        }

        /**
         * Text before the first part, which MIME readers ignore.
         *
         * @param text ASCII text; line ends become CRLF
         * @return this builder
         */
        public MultipartBuilder preamble(String text) {
            this.preamble = crlfText(Objects.requireNonNull(text, "text"));
            return this;
        }

        /**
         * Adds a part.
         *
         * @param part the part
         * @return this builder
         */
        public MultipartBuilder part(MimePart part) {
            parts.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /**
         * Text after the last part, which MIME readers ignore.
         *
         * @param text ASCII text; line ends become CRLF
         * @return this builder
         */
        public MultipartBuilder epilogue(String text) {
            this.epilogue = crlfText(Objects.requireNonNull(text, "text"));
            return this;
        }

        /**
         * Fixes the boundary (by default a random one that no encoded part can contain).
         *
         * @param boundary 1 to 70 characters of RFC 2046's boundary set, not ending in space
         * @return this builder
         */
        public MultipartBuilder boundary(String boundary) {
            Objects.requireNonNull(boundary, "boundary");
            if (!boundary.matches("[0-9A-Za-z'()+_,./:=? -]{0,69}[0-9A-Za-z'()+_,./:=?-]")) {
                throw new IllegalArgumentException("not a MIME boundary: '" + boundary.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            this.boundary = boundary;
            return this;
        }

        /**
         * Builds the multipart.
         *
         * @return the part
         * @throws IllegalStateException if no part was added
         */
        public MimePart build() {
            if (parts.isEmpty()) {
                throw new IllegalStateException("a multipart needs at least one part");
            }
            // "=_" cannot occur in base64 or quoted-printable output
            String bd = boundary != null ? boundary : "=_copas_" + HexFormat.of().formatHex(randomBytes());
            Multipart body = new Multipart(preamble, List.copyOf(parts), epilogue, bd);
            return new MimePart("multipart/" + subtype, body, null, null, List.of());
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[12];
            RANDOM.nextBytes(bytes);
            return bytes;
        }
    }
}

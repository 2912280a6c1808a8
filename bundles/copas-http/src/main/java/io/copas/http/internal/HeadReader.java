package io.copas.http.internal;

import io.copas.http.HttpHeaders;
import io.copas.http.HttpProtocolException;
import java.io.IOException;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads response heads strictly, within limits: the status line, header fields (name a token, no
 * space before the colon, no control characters), their count and total size. The whole head
 * must arrive within the receive timeout.
 */
final class HeadReader {

    /** Longest status line. */
    static final int MAX_STATUS_LINE = 8 * 1024;
    /** Longest header line. */
    static final int MAX_HEADER_LINE = 8 * 1024;
    /** Most header fields in one block (trailers included). */
    static final int MAX_HEADER_COUNT = 100;
    /** Most bytes in one header block. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private HeadReader() {
    }

    /**
     * Reads one response head (status line and headers), interim or final.
     *
     * @param wire    the connection
     * @param within  the time the whole head may take
     * @return the head
     */
    static ResponseHead read(Wire wire, Duration within) throws IOException {
        wire.deadline(within);
        try {
            String statusLine = wire.readLine(MAX_STATUS_LINE, "status line");
            int[] parsed = parseStatusLine(statusLine);
            return new ResponseHead(parsed[0], parsed[1], statusLine, readFields(wire, "header"));
        } finally {
            wire.clearDeadline();
        }
    }

    /** Parses {@code HTTP/1.x NNN [reason]} into {minor version, code}. */
    static int[] parseStatusLine(String line) throws HttpProtocolException {
        if (!line.startsWith("HTTP/")) {
            throw new HttpProtocolException("not an HTTP response: status line " + Syntax.quote(line));
        }
        if (line.length() < 12 || line.charAt(5) != '1' || line.charAt(6) != '.' || !digit(line.charAt(7))
                || line.charAt(8) != ' ' || !digit(line.charAt(9)) || !digit(line.charAt(10)) || !digit(line.charAt(11))
                || line.length() > 12 && line.charAt(12) != ' ') {
            throw new HttpProtocolException("malformed status line (expected 'HTTP/1.x NNN reason'): " + Syntax.quote(line));
        }
        int code = Integer.parseInt(line, 9, 12, 10);
        if (code < 100) { // LuaSocket takes any three digits; 100-999 keeps 1xx meaning interim
            throw new HttpProtocolException("status code out of range 100-999: " + Syntax.quote(line));
        }
        for (int i = 13; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new HttpProtocolException("control character in the reason phrase: " + Syntax.quote(line));
            }
        }
        return new int[] {line.charAt(7) - '0', code};
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Reads header fields up to the empty line. Folded lines (obsolete) are joined to the previous
     * value, as upstream does.
     *
     * @param kind "header" or "trailer", for messages
     */
    static HttpHeaders readFields(Wire wire, String kind) throws IOException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        int bytes = 0;
        while (true) {
            String line = wire.readLine(MAX_HEADER_LINE, kind + " line");
            if (line.isEmpty()) {
                return HttpHeaders.of(fields);
            }
            bytes += line.length() + 2;
            if (bytes > MAX_HEADER_BYTES) {
                throw new HttpProtocolException(kind + " block larger than " + MAX_HEADER_BYTES + " bytes");
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (fields.isEmpty()) {
                    throw new HttpProtocolException("first " + kind + " line starts with white space: " + Syntax.quote(line));
                }
                Map.Entry<String, String> last = fields.remove(fields.size() - 1);
                fields.add(new SimpleImmutableEntry<>(last.getKey(), last.getValue() + " " + checkedValue(strip(line), line, kind)));
                continue;
            }
            if (fields.size() == MAX_HEADER_COUNT) {
                throw new HttpProtocolException("more than " + MAX_HEADER_COUNT + " " + kind + " fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException("malformed " + kind + " line (no 'name: value'): " + Syntax.quote(line));
            }
            String name = line.substring(0, colon);
            if (!Syntax.isToken(name)) {
                throw new HttpProtocolException("invalid " + kind + " name " + Syntax.quote(name)
                        + " (not a token, or white space before the colon)");
            }
            String value = checkedValue(strip(line.substring(colon + 1)), line, kind);
            fields.add(new SimpleImmutableEntry<>(name, value));
        }
    }

    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String checkedValue(String value, String line, String kind) throws HttpProtocolException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new HttpProtocolException("control character in a " + kind + " value: " + Syntax.quote(line));
            }
        }
        return value;
    }
}

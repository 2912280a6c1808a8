package io.copas.ftp.internal;

import io.copas.ftp.FtpType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@code ftp://} or {@code ftps://} URL taken apart as upstream's {@code genericform}: user
 * info, host (IPv6 literals in brackets), port, the decoded path and {@code ;type=a|i}.
 *
 * @param host        the host, without brackets
 * @param port        the port, or -1
 * @param user        the user, or {@code null}
 * @param password    the password, or {@code null}
 * @param path        the decoded path, {@code "/"} when there is none
 * @param type        the type from {@code ;type=}, or {@code null}
 * @param implicitTls whether the scheme is {@code ftps}
 */
public record FtpUrl(String host, int port, String user, String password, String path, FtpType type,
        boolean implicitTls) {

    /**
     * Parses a URL.
     *
     * @param url the URL
     * @return its parts
     * @throws IllegalArgumentException naming what is wrong
     */
    public static FtpUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        // taken apart by hand, as upstream's url.parse does, not by java.net.URI: URI refuses what
        // LuaSocket takes (a host name with '_', a container's service name; a space in the path)
        String rest = cut(cut(url, '#'), '?'); // a query or fragment has no meaning for FTP
        int colon = rest.indexOf(':');
        String named = colon < 0 ? "" : rest.substring(0, colon);
        String scheme = named.matches("[A-Za-z][A-Za-z0-9+.-]*") ? named.toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("ftp") && !scheme.equals("ftps")) {
            throw new IllegalArgumentException("wrong scheme '" + scheme + "' in '" + url + "': must be ftp or ftps");
        }
        rest = rest.substring(colon + 1);
        if (!rest.startsWith("//")) {
            throw new IllegalArgumentException("missing hostname in '" + url + "'");
        }
        int slash = rest.indexOf('/', 2);
        String authority = rest.substring(2, slash < 0 ? rest.length() : slash);
        String rawPath = slash < 0 ? "/" : rest.substring(slash);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int split = userInfo.indexOf(':');
            user = decode(split < 0 ? userInfo : userInfo.substring(0, split));
            password = split < 0 ? null : decode(userInfo.substring(split + 1));
        }
        HostPort hostPort = hostPort(authority, url);
        FtpType type = null;
        int semicolon = rawPath.indexOf(';');
        if (semicolon >= 0) {
            String params = rawPath.substring(semicolon + 1);
            rawPath = rawPath.substring(0, semicolon);
            if (!params.startsWith("type=") || params.length() != 6) {
                throw new IllegalArgumentException("invalid type parameter ';" + params + "' in '" + url + "': must be ;type=a or ;type=i");
            }
            type = FtpType.fromLetter(params.substring(5));
        }
        return new FtpUrl(hostPort.host(), hostPort.port(), user, password, decode(rawPath), type, scheme.equals("ftps"));
    }

    private record HostPort(String host, int port) {
    }

    /** The host (brackets of an IPv6 literal dropped) and port (-1 if none) of an authority. */
    private static HostPort hostPort(String authority, String url) {
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || (close + 1 < authority.length() && authority.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("invalid IPv6 literal in '" + url + "'");
            }
            host = authority.substring(1, close);
            port = close + 1 < authority.length() ? authority.substring(close + 2) : "";
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing hostname in '" + url + "'");
        }
        // a name (with '_', which resolvers take), an IPv4 address, or in brackets an IPv6 literal
        if (!host.matches(authority.startsWith("[") ? "[0-9A-Fa-f:.]+(%[\\p{Alnum}._~-]+)?" : "[\\p{Alnum}._~-]+")) {
            throw new IllegalArgumentException("invalid hostname '" + host + "' in '" + url + "'");
        }
        if (port.isEmpty()) {
            return new HostPort(host, -1);
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException("invalid port '" + port + "' in '" + url + "'");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    /** {@code text} up to the first {@code mark}, all of it if there is none. */
    private static String cut(String text, char mark) {
        int i = text.indexOf(mark);
        return i < 0 ? text : text.substring(0, i);
    }

    /**
     * The argument of a transfer command for {@code path}: without one leading {@code /} or
     * {@code \} (upstream), {@code null} if nothing is left.
     *
     * @param path the path, or {@code null}
     * @return the argument, or {@code null}
     */
    public static String argumentOf(String path) {
        if (path == null) {
            return null;
        }
        String argument = path.startsWith("/") || path.startsWith("\\") ? path.substring(1) : path;
        return argument.isEmpty() ? null : argument;
    }

    /**
     * Decodes %XX escapes as UTF-8 (a '+' stays a '+', unlike form decoding); escapes that are not
     * UTF-8 are refused, not replaced.
     */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return refuseLineEnds(raw);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
            byte[] bytes = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            i = end - 1;
        }
        try {
            return refuseLineEnds(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException notUtf8) {
            // commands go out in UTF-8 (RFC 2640): such a name would be sent as another one; the
            // text is not quoted, it may be a password
            throw new IllegalArgumentException("the URL's percent-escapes do not decode as UTF-8"
                    + " (FTP names and credentials here are UTF-8, RFC 2640)");
        }
    }

    private static String refuseLineEnds(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the URL must not hold or encode CR, LF or NUL (it would inject a command)");
        }
        return text;
    }
}

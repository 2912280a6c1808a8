package io.copas.ftp.internal;

import io.copas.ftp.FtpType;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
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
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ftp") && !scheme.equals("ftps")) {
            throw new IllegalArgumentException("wrong scheme '" + scheme + "' in '" + url + "': must be ftp or ftps");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("missing hostname in '" + url + "'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
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
        return new FtpUrl(host, uri.getPort(), user, password, decode(rawPath), type, scheme.equals("ftps"));
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

    /** Decodes %XX escapes as UTF-8 (a '+' stays a '+', unlike form decoding). */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
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
        String decoded = out.toString(StandardCharsets.UTF_8);
        if (decoded.indexOf('\r') >= 0 || decoded.indexOf('\n') >= 0 || decoded.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the URL must not encode CR, LF or NUL (it would inject a command)");
        }
        return decoded;
    }
}

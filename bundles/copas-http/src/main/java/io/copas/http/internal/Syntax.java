package io.copas.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What may go into a request head. Everything is checked before a byte is sent, so no caller
 * data can split a request (CR, LF, NUL) or smuggle a second one.
 */
public final class Syntax {

    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private Syntax() {
    }

    /**
     * Whether {@code s} is an RFC 9110 token (method, header name).
     *
     * @param s the text
     * @return {@code true} if it is a non-empty token
     */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * Checks a request method.
     *
     * @param method the method
     * @return the method
     * @throws IllegalArgumentException naming the method if it is not a token
     */
    public static String method(String method) {
        if (!isToken(method)) {
            throw new IllegalArgumentException("method must be an HTTP token (no spaces, CR, LF or NUL), was "
                    + quote(method));
        }
        return method;
    }

    /**
     * Checks a header field.
     *
     * @param name  the field name
     * @param value the field value
     * @throws IllegalArgumentException naming the field if the name is no token or the value holds
     *                                  CR, LF, NUL or another control character but tab
     */
    public static void field(String name, String value) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("header name must be an HTTP token (no spaces, CR, LF or NUL), was "
                    + quote(name));
        }
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "' has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("header '" + name + "' value holds a forbidden character (CR, LF, NUL,"
                        + " control or non-Latin-1) at index " + i + ": " + quote(value));
            }
        }
    }

    /**
     * {@code uri} as text without the credentials of its user information, for messages and logs.
     *
     * @param uri the URL
     * @return the text
     */
    public static String withoutCredentials(URI uri) {
        String text = uri.toString();
        String userInfo = uri.getRawUserInfo();
        return userInfo == null ? text : text.replaceFirst(java.util.regex.Pattern.quote(userInfo + "@"), "");
    }

    /**
     * Checks a caller's {@code Content-Length}: decimal digits only (RFC 9110 section 8.6).
     *
     * @param value the field value
     * @throws IllegalArgumentException if it is not a length
     */
    public static void contentLength(String value) {
        String digits = value.strip();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 18) {
            throw new IllegalArgumentException("header 'Content-Length' is not a length (decimal digits): " + quote(value));
        }
    }

    /**
     * Parses an http or https URL, refusing control characters and spaces.
     *
     * @param url  the URL text
     * @param what what the URL is for, in messages
     * @return the URI, with a lower-case scheme
     * @throws IllegalArgumentException naming the URL if it is not a usable http(s) URL
     */
    public static URI url(String url, String what) {
        if (url == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " holds a space or control character (CR, LF, NUL, ...) at index "
                        + i + ": " + quote(url));
            }
        }
        URI uri;
        try {
            uri = new URI(escapeAfterAuthority(url, StandardCharsets.UTF_8));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL: " + e.getMessage(), e);
        }
        return checked(uri, what);
    }

    /**
     * {@code url} with what browsers and curl send but {@link URI} refuses percent-encoded in its
     * path, query and fragment: characters beyond ASCII (as their bytes in {@code charset}), the
     * ASCII ones URI syntax excludes ({@code " < > ^ ` { | }}, the backslash, and {@code [ ]}
     * outside the host) and a {@code %} not followed by two hex digits. LuaSocket sends such a URL as it is;
     * escaping keeps the request the same bytes where a server decodes it, instead of a refusal
     * or a Latin-1 request line that turned every other character into {@code ?}.
     *
     * @param url     an absolute URL or a reference (a redirect's Location)
     * @param charset the bytes each non-ASCII character stands for: UTF-8 for a caller's string,
     *                ISO-8859-1 for a Location read off the wire byte for byte
     * @return the URL, unchanged when it needs nothing
     */
    public static String escapeAfterAuthority(String url, Charset charset) {
        int scheme = url.indexOf("://");
        int authority = scheme > 0 && url.lastIndexOf('/', scheme) < 0 && url.lastIndexOf('?', scheme) < 0 ? scheme + 3
                : url.startsWith("//") ? 2 : -1;
        int start = 0;
        if (authority >= 0) { // the host may hold '[' ']' (IPv6): escaping starts after it
            start = authority;
            while (start < url.length() && "/?#".indexOf(url.charAt(start)) < 0) {
                start++;
            }
        }
        StringBuilder b = null;
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            boolean escape = c > 0x7e || "\"<>\\^`{|}[]".indexOf(c) >= 0
                    || c == '%' && !(i + 2 < url.length() && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2)));
            if (!escape) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(url.length() + 16).append(url, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
            for (byte x : url.substring(i, end).getBytes(charset)) {
                b.append('%').append(UPPER_HEX.toHexDigits(x));
            }
            i = end - 1;
        }
        return b == null ? url : b.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    /**
     * Checks that {@code uri} is an absolute http or https URL with a host.
     *
     * @param uri  the URI
     * @param what what the URL is for, in messages
     * @return the URI
     */
    public static URI checked(URI uri, String what) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(what + " must be an http or https URL, was " + quote(withoutCredentials(uri)));
        }
        String host = host(uri);
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(what + " has no host: " + quote(withoutCredentials(uri)));
        }
        if (uri.getRawAuthority() != null && (port(uri) > 65535 || port(uri) == 0)) {
            throw new IllegalArgumentException(what + " has a port out of range (1 to 65535): " + quote(withoutCredentials(uri)));
        }
        return uri;
    }

    /**
     * The URL's host. {@link URI} gives none for a name it does not take as a host name, one
     * with an underscore say ({@code my_service}, common for containers), though resolvers and
     * LuaSocket do: such a name is read from the authority, if it is made of letters, digits,
     * {@code - . _} and an optional numeric port.
     *
     * @param uri the URL
     * @return the host, or {@code null} if it has none
     */
    public static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        HostPort hostPort = HostPort.of(uri);
        return hostPort == null ? null : hostPort.host();
    }

    /**
     * The URL's port, as {@link URI#getPort()}, also for a host only {@link #host(URI)} finds.
     *
     * @param uri the URL
     * @return the port, or -1 if none is given
     */
    public static int port(URI uri) {
        if (uri.getHost() != null) {
            return uri.getPort();
        }
        HostPort hostPort = HostPort.of(uri);
        return hostPort == null ? -1 : hostPort.port();
    }

    /** A host and port read from an authority that {@link URI} left unparsed; port -1 if none. */
    private record HostPort(String host, int port) {

        static HostPort of(URI uri) {
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return null;
            }
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            String host = colon < 0 ? authority : authority.substring(0, colon);
            String port = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty() || !host.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || "-._".indexOf(c) >= 0))) {
                return null;
            }
            if (port != null && (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9'))) {
                return null;
            }
            return new HostPort(host, port == null ? -1 : Integer.parseInt(port));
        }
    }

    /**
     * {@code s} quoted, with control characters escaped so a message never carries them.
     *
     * @param s the text, may be {@code null}
     * @return the printable form
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        int shown = Math.min(s.length(), 200);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (shown < s.length()) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}

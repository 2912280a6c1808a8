package io.copas.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What may go into a request head. Everything is checked before a byte is sent, so no caller
 * data can split a request (CR, LF, NUL) or smuggle a second one.
 */
public final class Syntax {

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
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL: " + e.getMessage(), e);
        }
        return checked(uri, what);
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
            throw new IllegalArgumentException(what + " must be an http or https URL, was " + quote(uri.toString()));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(what + " has no host: " + quote(uri.toString()));
        }
        if (uri.getRawAuthority() != null && uri.getPort() > 65535) {
            throw new IllegalArgumentException(what + " has a port out of range: " + quote(uri.toString()));
        }
        return uri;
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

package io.copas.http.internal;

import io.copas.core.TcpSocket;
import io.copas.http.BodySource;
import io.copas.http.HttpException;
import io.copas.http.HttpHeaders;
import io.copas.http.RequestBody;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Writes requests: the head (request line, the client's fields, the caller's fields) and the
 * body, with {@code Content-Length} when its length is known and chunked otherwise, as upstream.
 */
final class RequestWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private RequestWriter() {
    }

    /**
     * The request head.
     *
     * @param sendAuth whether credentials from the URL and the caller's Authorization may go out
     *                 (not after a redirect to another origin)
     * @return the bytes, Latin-1 (every part was checked when the request was built)
     */
    static byte[] head(String method, URI uri, Origin origin, HttpHeaders headers, RequestBody body, boolean sendAuth,
            ClientConfig config) {
        StringBuilder b = new StringBuilder(256).append(method).append(' ');
        if (origin.proxy != null && !origin.https) {
            b.append(uri.getScheme().toLowerCase()).append("://").append(origin.authority());
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        b.append(path);
        if (uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        b.append(" HTTP/1.1\r\n");
        if (!headers.contains("Host")) {
            field(b, "Host", origin.authority());
        }
        if (!headers.contains("User-Agent")) {
            field(b, "User-Agent", config.userAgent());
        }
        if (sendAuth && !headers.contains("Authorization")) {
            String auth = basicAuth(uri);
            if (auth != null) {
                field(b, "Authorization", auth);
            }
        }
        if (origin.proxy != null && !origin.https && !headers.contains("Proxy-Authorization")) {
            String auth = basicAuth(origin.proxy);
            if (auth != null) {
                field(b, "Proxy-Authorization", auth);
            }
        }
        if (!config.keepAlive() && !headers.contains("Connection")) {
            field(b, "Connection", "close");
        }
        if (!headers.contains("Content-Length") && !headers.contains("Transfer-Encoding")) {
            if (body != null && body.length() < 0) {
                field(b, "Transfer-Encoding", "chunked");
            } else if (body != null) {
                field(b, "Content-Length", Long.toString(body.length()));
            } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                field(b, "Content-Length", "0");
            }
        }
        boolean tunnelled = origin.proxy != null && origin.https; // the proxy saw its credentials in CONNECT
        for (Map.Entry<String, String> f : headers.fields()) {
            if ((sendAuth || !f.getKey().equalsIgnoreCase("Authorization"))
                    && !(tunnelled && f.getKey().equalsIgnoreCase("Proxy-Authorization"))) {
                field(b, f.getKey(), f.getValue());
            }
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value).append("\r\n");
    }

    /** {@code Basic base64(user:password)} from the URL's user information, or {@code null} without a password. */
    static String basicAuth(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || info.indexOf(':') < 0) {
            return null; // as LuaSocket: credentials go out only with a password, even an empty one
        }
        String decoded = URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the body: as is when the head carries a length (the caller's or the body's), else
     * chunked.
     *
     * @param chunked whether the head announced chunked
     * @param length  the announced length, or -1
     */
    static void body(TcpSocket socket, RequestBody body, boolean chunked, long length) throws IOException {
        BodySource source = body.open();
        long sent = 0;
        for (byte[] chunk = source.next(); chunk != null; chunk = source.next()) {
            if (chunk.length == 0) {
                continue;
            }
            sent += chunk.length;
            if (chunked) {
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                socket.send(size);
                socket.send(chunk);
                socket.send(CRLF);
            } else {
                if (length >= 0 && sent > length) {
                    throw new HttpException("request body is longer than its Content-Length " + length);
                }
                socket.send(chunk);
            }
        }
        if (chunked) {
            socket.send(LAST_CHUNK);
        } else if (length >= 0 && sent != length) {
            throw new HttpException("request body ended after " + sent + " of its " + length + " bytes (Content-Length)");
        }
    }
}

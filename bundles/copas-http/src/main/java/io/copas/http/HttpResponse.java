package io.copas.http;

import io.copas.http.internal.Syntax;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A response (upstream's {@code body, code, headers, status}).
 *
 * @param statusCode the status code, for example 200
 * @param statusLine the status line as received, for example {@code HTTP/1.1 200 OK}
 * @param headers    the response headers
 * @param body       the body when no sink was given, else empty (and empty for HEAD, 1xx, 204, 304)
 * @param trailers   the trailer fields of a chunked body, else empty
 * @param uri        the URL that answered: the request's, or the last redirect's target
 */
public record HttpResponse(int statusCode, String statusLine, HttpHeaders headers, byte[] body,
        HttpHeaders trailers, URI uri) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if one is {@code null}
     */
    public HttpResponse {
        Objects.requireNonNull(statusLine, "statusLine");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(trailers, "trailers");
        Objects.requireNonNull(uri, "uri");
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return statusLine + " (" + Syntax.withoutCredentials(uri) + ", " + body.length + " body bytes)";
    }
}
